package dev.cutover.loadtests.report.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A rehearsal on several instances behind a load balancer, as the topology rehearsal records it: the balancer's
 * cumulative counters per instance and in all, each second ({@code balancer.csv}), the backfill's progress, throttle
 * and the replica's replay lag ({@code backfill.csv}), and the restarts and the replay pause in {@code events.csv}.
 * A guarded run on it passes only when every {@link Check} holds.
 */
public record TopologyView(List<Counter> counters, List<BackfillSample> backfill, List<RunData.Event> events) {

    /** The balancer's cumulative counts for one server (or {@code balancer}: the frontend) at one instant. */
    public record Counter(long at, String server, long responses, long errors5xx, long errorsConnection, String status) {
    }

    /** The backfill job and the replica's replay lag at one instant. */
    public record BackfillSample(long at, String state, long rowsDone, double replayLagSeconds, String throttle) {
    }

    /** One condition of a guarded run on the topology, whether it held, and what was seen. */
    public record Check(String name, boolean held, String seen) {
    }

    public static final String BALANCER = "balancer";

    /** The view, when the directory has a {@code balancer.csv}. */
    public static Optional<TopologyView> read(Path dir, RunData data) throws IOException {
        List<String[]> balancer = RunData.rows(dir.resolve("balancer.csv"), 6);
        if (balancer.isEmpty()) {
            return Optional.empty();
        }
        List<Counter> counters = new ArrayList<>();
        for (String[] f : balancer) {
            counters.add(new Counter(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), f[5]));
        }
        List<BackfillSample> backfill = new ArrayList<>();
        for (String[] f : RunData.rows(dir.resolve("backfill.csv"), 5)) {
            backfill.add(new BackfillSample(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), Double.parseDouble(f[3]),
                    f[4]));
        }
        return Optional.of(new TopologyView(List.copyOf(counters), List.copyOf(backfill), data.events()));
    }

    /** Each server's name, the balancer first, then the instances in order of appearance. */
    public List<String> servers() {
        List<String> servers = new ArrayList<>(List.of(BALANCER));
        counters.stream().map(Counter::server).distinct().filter(s -> !s.equals(BALANCER)).forEach(servers::add);
        return servers;
    }

    /** A server's counters from the load's start (its last sample before it) to the end. */
    public Counter during(String server) {
        long loadStart = first("load_start").orElse(0L);
        List<Counter> own = counters.stream().filter(c -> c.server().equals(server)).toList();
        if (own.isEmpty()) {
            return new Counter(0, server, 0, 0, 0, "-");
        }
        Counter base = own.stream().filter(c -> c.at() <= loadStart).reduce((a, b) -> b).orElse(own.get(0));
        Counter last = own.get(own.size() - 1);
        return new Counter(last.at(), server, last.responses() - base.responses(), last.errors5xx() - base.errors5xx(),
                last.errorsConnection() - base.errorsConnection(), last.status());
    }

    /** Responses per second of each server, second by second, on the balancer's own samples. */
    public Map<String, List<long[]>> rates() {
        Map<String, List<long[]>> rates = new LinkedHashMap<>();
        for (String server : servers()) {
            List<long[]> points = new ArrayList<>();
            Counter previous = null;
            for (Counter c : counters) {
                if (!c.server().equals(server)) {
                    continue;
                }
                if (previous != null && c.at() > previous.at()) {
                    points.add(new long[] {c.at(), (c.responses() - previous.responses()) * 1000 / (c.at() - previous.at())});
                }
                previous = c;
            }
            rates.put(server, points);
        }
        return rates;
    }

    /** The conditions a guarded run must meet on this topology. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        Counter balancer = during(BALANCER);
        checks.add(new Check("no request failed at the load balancer", balancer.errors5xx() == 0
                && balancer.errorsConnection() == 0, String.format(Locale.ROOT, "%,d responses, %,d 5xx, %,d connection"
                + " or response errors", balancer.responses(), balancer.errors5xx(), balancer.errorsConnection())));
        long loadStart = first("load_start").orElse(Long.MIN_VALUE);
        long loadStop = first("load_stop").orElse(Long.MAX_VALUE);
        List<String> instances = servers().subList(1, servers().size());
        List<String> notRestarted = instances.stream().filter(i -> events.stream().noneMatch(e -> e.name().equals(
                "instance_ready") && e.detail().startsWith(i + " ") && e.at() > loadStart && e.at() < loadStop)).toList();
        // The balancer must have taken each one out (sampled each second; an instance is out for seconds).
        List<String> neverOut = instances.stream().filter(i -> counters.stream().noneMatch(c -> c.server().equals(i)
                && c.at() > loadStart && !c.status().startsWith("UP"))).toList();
        checks.add(new Check("every instance restarted under load, out of the balancer meanwhile", !instances.isEmpty()
                && notRestarted.isEmpty() && neverOut.isEmpty(), notRestarted.isEmpty() && neverOut.isEmpty()
                ? instances.size() + " of " + instances.size() + " restarted (SIGTERM, start), each seen out of the"
                        + " balancer" : (notRestarted.isEmpty() ? "" : "not restarted under load: "
                        + String.join(", ", notRestarted) + " ") + (neverOut.isEmpty() ? "" : "never seen out of the"
                        + " balancer: " + String.join(", ", neverOut))));
        List<String> notReadinessFirst = events.stream().filter(e -> e.name().equals("instance_stopped")
                && !e.detail().contains("readiness 503 first")).map(RunData.Event::detail).toList();
        long stopped = events.stream().filter(e -> e.name().equals("instance_stopped")).count();
        checks.add(new Check("each instance left readiness before it stopped listening", stopped > 0
                && notReadinessFirst.isEmpty(), notReadinessFirst.isEmpty() ? stopped + " of " + stopped
                + " answered readiness 503 while the API still answered 200" : String.join("; ", notReadinessFirst)));
        long backfillStart = first("backfill_start").orElse(Long.MAX_VALUE);
        long backfillEnd = first("backfill_end").orElse(Long.MAX_VALUE);
        long stopsDuringBackfill = events.stream().filter(e -> e.name().equals("instance_stop")
                && e.at() >= backfillStart && e.at() <= backfillEnd).count();
        checks.add(new Check("an instance running the backfill was restarted while it ran", stopsDuringBackfill > 0,
                stopsDuringBackfill + " instance(s) stopped while the backfill ran"));
        checks.add(pausedWhileReplayPaused());
        return checks;
    }

    private Check pausedWhileReplayPaused() {
        String name = "the backfill paused while the replica's replay was paused, and went on after";
        Optional<Long> throttled = first("backfill_throttled");
        Optional<Long> resumed = first("replay_resume");
        if (first("replay_pause").isEmpty() || throttled.isEmpty() || resumed.isEmpty()) {
            return new Check(name, false, "no replay pause with the backfill throttled on lag was recorded");
        }
        // From a second after the throttle was seen (a batch in flight then may still commit) to the resume.
        List<BackfillSample> paused = backfill.stream().filter(s -> s.at() >= throttled.get() + 1000
                && s.at() <= resumed.get()).toList();
        if (paused.size() < 2) {
            return new Check(name, false, "fewer than 2 samples between the throttle and the resume");
        }
        long rowsWhilePaused = paused.get(paused.size() - 1).rowsDone() - paused.get(0).rowsDone();
        double lag = paused.stream().mapToDouble(BackfillSample::replayLagSeconds).max().orElse(0);
        BackfillSample end = backfill.isEmpty() ? null : backfill.get(backfill.size() - 1);
        boolean wentOn = end != null && (end.rowsDone() > paused.get(paused.size() - 1).rowsDone()
                || end.state().equals("completed"));
        return new Check(name, rowsWhilePaused == 0 && wentOn, String.format(Locale.ROOT, "%,d rows in %.0f s while "
                + "throttled (replay lag up to %.1f s); after the resume: %s", rowsWhilePaused,
                (paused.get(paused.size() - 1).at() - paused.get(0).at()) / 1000.0, lag, end == null ? "no sample"
                        : String.format(Locale.ROOT, "%s at %,d rows", end.state(), end.rowsDone())));
    }

    /** The Markdown section: each server's counts, and the checks when the mode guards. */
    public String markdown(boolean guards) {
        StringBuilder md = new StringBuilder("\n## The topology: the load balancer and each instance\n\n");
        md.append("![responses per second at the load balancer and per instance](topology.svg)\n\n");
        md.append("| server | responses | 5xx | connection or response errors | state at the end |\n"
                + "|---|---:|---:|---:|---|\n");
        for (String server : servers()) {
            Counter c = during(server);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s |%n", server, c.responses(), c.errors5xx(),
                    c.errorsConnection(), c.status()));
        }
        if (guards) {
            md.append("\n| condition | held | seen |\n|---|---|---|\n");
            for (Check check : checks()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", check.name(), check.held() ? "yes" : "**no**",
                        check.seen()));
            }
        }
        return md.toString();
    }

    /** The verdict's lines, one per check: {@code topology: PASS|FAIL <condition>: <seen>}. */
    public List<String> lines() {
        return checks().stream().map(c -> "topology: " + (c.held() ? "PASS " : "FAIL ") + c.name() + ": " + c.seen())
                .toList();
    }

    Optional<Long> first(String event) {
        return events.stream().filter(e -> e.name().equals(event)).map(RunData.Event::at).findFirst();
    }
}
