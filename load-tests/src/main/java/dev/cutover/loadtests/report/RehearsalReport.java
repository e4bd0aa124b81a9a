package dev.cutover.loadtests.report;

import dev.cutover.loadtests.report.internal.BackfillCost;
import dev.cutover.loadtests.report.internal.FailedByKind;
import dev.cutover.loadtests.report.internal.Latencies;
import dev.cutover.loadtests.report.internal.LockQueue;
import dev.cutover.loadtests.report.internal.OneLineErrors;
import dev.cutover.loadtests.report.internal.PerSecond;
import dev.cutover.loadtests.report.internal.Rate;
import dev.cutover.loadtests.report.internal.RunSummary;
import dev.cutover.loadtests.report.internal.RunData;
import dev.cutover.loadtests.report.internal.SvgChart;
import dev.cutover.loadtests.report.internal.TopologyChart;
import dev.cutover.loadtests.report.internal.TopologyView;
import dev.cutover.loadtests.report.internal.Traffic;
import dev.cutover.loadtests.report.internal.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Turns a rehearsal directory (requests.csv, events.csv, locks.csv, rate.properties when the rate was derived from a
 * capacity measurement, pgbench/ in a takeover, balancer.csv and backfill.csv on a topology) into report.md and
 * report.svg (and topology.svg) and prints the verdict, then one
 * line of {@code key=value} figures starting with {@code rehearsal } for scripts to grep; exits 0 when the run showed
 * what its mode should (guarded and one-command: PASS, naive: STALLED), 3 when not.
 */
@Command(name = "rehearsal-report", mixinStandardHelpOptions = true,
        description = "Write the cutover rehearsal's report (Markdown + SVG) and verdict.")
public final class RehearsalReport implements Callable<Integer> {

    public static final int NOT_AS_EXPECTED = 3;

    @Option(names = "--dir", required = true, description = "The rehearsal's output directory")
    Path dir;

    @Option(names = "--mode", required = true, description = "naive, guarded or one-command")
    String mode;

    @Option(names = "--lock-timeout-ms", description = "The guarded runner's lock_timeout (default: ${DEFAULT-VALUE})")
    long lockTimeoutMillis = 100;

    @Option(names = "--margin-ms", description = "Allowed beyond baseline p99 + lock_timeout (default: ${DEFAULT-VALUE})")
    long marginMillis = 500;

    @Option(names = "--max-ms", description = "Guarded: no request during the cutover may take longer, whatever the "
            + "baseline; 0 for no such bound (default: ${DEFAULT-VALUE})")
    long maxMillis = 300;

    @Option(names = "--max-baseline-p99-ms",
            description = "Above this baseline p99 the run is inconclusive (default: ${DEFAULT-VALUE})")
    long maxBaselineP99Millis = 1000;

    @Option(names = "--blocker-seconds", description = "Blocker length when events.csv lacks its end (default: ${DEFAULT-VALUE})")
    long blockerSeconds = 60;

    @Option(names = "--late-warm-up-ms", description = "A traffic source that starts after the blocker (Cutover in a "
            + "takeover) is not judged on its first this many ms (default: ${DEFAULT-VALUE})")
    long lateWarmUpMillis = 10_000;

    @Option(names = "--title", description = "Report title")
    String title;

    /** Names of the traffic sources in the report and verdict. */
    public static final String CUTOVER = "Cutover";
    public static final String OLD_SERVICE = "old service";

    /**
     * The verdict's thresholds; the blocker length applies when events.csv does not record the blocker's end;
     * {@code maxMillis} is the guarded run's absolute bound on any request during the cutover (0: none).
     */
    public record Limits(long lockTimeoutMillis, long marginMillis, long maxBaselineP99Millis,
                         long defaultBlockerMillis, long lateWarmUpMillis, long maxMillis) {

        public Limits(long lockTimeoutMillis, long marginMillis, long maxBaselineP99Millis, long defaultBlockerMillis) {
            this(lockTimeoutMillis, marginMillis, maxBaselineP99Millis, defaultBlockerMillis, 10_000, 0);
        }

        public Limits withMaxMillis(long bound) {
            return new Limits(lockTimeoutMillis, marginMillis, maxBaselineP99Millis, defaultBlockerMillis,
                    lateWarmUpMillis, bound);
        }
    }

    /**
     * What a report found: Cutover's figures (baseline, window, whole run), and every traffic source's (the old
     * service's first, in a takeover); what the backfill cost Cutover's traffic, when there was one to measure; the
     * one-line summary for scripts.
     */
    public record Outcome(Latencies baseline, Latencies window, Latencies overall, List<Traffic> traffic,
                          Verdict verdict, Optional<BackfillCost> backfill, String summary, String markdown,
                          String svg) {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, printing a failure as one line ({@code rehearsal-report: <reason>}, exit 1). */
    public static CommandLine commandLine() {
        return OneLineErrors.commandLine(new RehearsalReport());
    }

    @Override
    public Integer call() throws Exception {
        if (!Verdict.MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode must be naive, guarded or one-command, got " + mode);
        }
        String heading = title != null ? title : "Cutover rehearsal, " + mode;
        RunData data = RunData.read(dir);
        Outcome outcome = evaluate(data, mode, heading, new Limits(lockTimeoutMillis, marginMillis,
                maxBaselineP99Millis, blockerSeconds * 1000, lateWarmUpMillis, maxMillis), Rate.read(dir));
        // On several instances behind a load balancer (the topology rehearsal): its view, and its conditions.
        Optional<TopologyView> topology = TopologyView.read(dir, data);
        Files.writeString(dir.resolve("report.md"), outcome.markdown()
                + topology.map(t -> t.markdown(Verdict.guards(mode))).orElse(""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.svg"), outcome.svg(), StandardCharsets.UTF_8);
        if (topology.isPresent()) {
            Files.writeString(dir.resolve("topology.svg"), TopologyChart.render(heading, topology.get()),
                    StandardCharsets.UTF_8);
        }
        List<String> topologyLines = topology.filter(t -> Verdict.guards(mode)).map(TopologyView::lines)
                .orElse(List.of());
        for (Traffic t : outcome.traffic()) {
            String prefix = outcome.traffic().size() > 1 ? t.name() + ", " : "";
            System.out.printf(Locale.ROOT, "%-30s%s%n%-30s%s%n%-30s%s%n", prefix + "baseline:", describe(t.baseline()),
                    prefix + "cutover window:", describe(t.window()), prefix + "whole run:", describe(t.overall()));
        }
        System.out.println("report: " + dir.resolve("report.md") + " and " + dir.resolve("report.svg"));
        topologyLines.forEach(System.out::println);
        System.out.println(outcome.verdict().line());
        System.out.println(outcome.summary());
        boolean topologyHeld = topologyLines.stream().allMatch(l -> l.startsWith("topology: PASS"));
        return outcome.verdict().expected() && topologyHeld ? 0 : NOT_AS_EXPECTED;
    }

    /**
     * Splits the run at the blocker's start: the second half of the time before it is the baseline (the first half
     * is the JVMs' warm-up); from it to the end of the migrations and backfill is the cutover window.
     */
    public static Outcome evaluate(RunData data, String mode, String title, Limits limits) {
        return evaluate(data, mode, title, limits, Optional.empty());
    }

    /** As above, for a run whose rate is known (derived from a capacity measurement, or given). */
    public static Outcome evaluate(RunData data, String mode, String title, Limits limits, Optional<Rate> rate) {
        long first = java.util.stream.Stream.concat(data.requests().stream(), data.oldService().stream())
                .mapToLong(RunData.Request::start).min().orElse(0);
        long lastEnd = java.util.stream.Stream.concat(data.requests().stream(), data.oldService().stream())
                .mapToLong(RunData.Request::end).max().orElse(first);
        long blockerStart = data.first("blocker_start").map(RunData.Event::at).orElse(first);
        long blockerMillis = data.first("blocker_end").map(e -> e.at() - blockerStart).orElse(limits.defaultBlockerMillis());
        long exposureMillis = data.events().stream()
                .filter(e -> e.name().equals("step_start") && e.at() >= blockerStart).findFirst()
                .map(step -> Math.max(0, Math.min(blockerMillis, blockerStart + blockerMillis - step.at())))
                .orElse(blockerMillis);
        long windowEnd = Math.max(data.last("migration_end").map(RunData.Event::at).orElse(lastEnd),
                data.last("backfill_end").map(RunData.Event::at).orElse(0L));
        List<Traffic.Pause> pauses = new ArrayList<>();
        for (RunData.Event pause : data.events()) {
            if (pause.name().equals("window_pause")) {
                long resume = data.events().stream().filter(e -> e.name().equals("window_resume") && e.at() >= pause.at())
                        .mapToLong(RunData.Event::at).findFirst().orElse(windowEnd);
                pauses.add(new Traffic.Pause(pause.at(), resume));
            }
        }
        List<Traffic> traffic = new ArrayList<>();
        if (!data.oldService().isEmpty()) {
            traffic.add(Traffic.of(OLD_SERVICE, data.oldService(), blockerStart, windowEnd, limits.lateWarmUpMillis(),
                    pauses));
        }
        Traffic cutover = Traffic.of(CUTOVER, data.requests(), blockerStart, windowEnd, limits.lateWarmUpMillis(),
                pauses);
        traffic.add(cutover);
        List<String> migrationFailures = data.events().stream()
                .filter(e -> e.name().endsWith("_end") && e.detail().startsWith("failed"))
                .map(e -> e.name().replace("_end", "") + " " + e.detail()).toList();
        FailedByKind byKind = FailedByKind.of(java.util.stream.Stream.concat(data.requests().stream(),
                data.oldService().stream().map(r -> new RunData.Request(r.start(), r.end(), OLD_SERVICE + ": "
                        + r.name(), r.ok()))).toList());
        LockQueue queue = LockQueue.of(data.locks(), blockerStart, windowEnd);
        Verdict verdict = Verdict.judge(mode, traffic, blockerMillis, exposureMillis, limits.lockTimeoutMillis(),
                limits.marginMillis(), limits.maxMillis(), limits.maxBaselineP99Millis(), migrationFailures, byKind,
                queue);
        long cutoverFirst = data.requests().isEmpty() ? blockerStart : data.requests().get(0).start();
        Optional<BackfillCost> backfill = cutover.lateStart() ? Optional.empty()
                : BackfillCost.of(data, data.requests(), cutoverFirst + (blockerStart - cutoverFirst) / 2, blockerStart);
        String svg = SvgChart.render(title, data);
        String markdown = markdown(title, mode, data, PerSecond.of(data), traffic, verdict, rate, backfill, limits,
                byKind);
        return new Outcome(cutover.baseline(), cutover.window(), cutover.overall(), List.copyOf(traffic), verdict,
                backfill, RunSummary.line(mode, data, rate, cutover, verdict, backfill, limits, byKind, queue),
                markdown, svg);
    }

    private static String markdown(String title, String mode, RunData data, PerSecond series, List<Traffic> traffic,
                                   Verdict verdict, Optional<Rate> rate, Optional<BackfillCost> backfill,
                                   Limits limits, FailedByKind byKind) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("**").append(verdict.line()).append("**\n\n");
        rate.ifPresent(r -> md.append("Rate: ").append(r.describe()).append(".\n\n"));
        if (Verdict.guards(mode) && limits.maxMillis() > 0) {
            md.append(String.format(Locale.ROOT, "Absolute bound: no request during the cutover (backfill included) "
                    + "may take longer than %,d ms (`--max-ms`), whatever the baseline.%n%n", limits.maxMillis()));
        }
        md.append("![latency and throughput over time](report.svg)\n\n");
        md.append("| requests | count | failed | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (Traffic t : traffic) {
            String who = traffic.size() > 1 ? t.name() + ": " : "";
            row(md, who + (t.lateStart() ? "baseline (after the cutover window)" : "baseline (before the blocker)"),
                    t.baseline());
            row(md, who + "cutover (blocker start to migrations and backfill done)", t.window());
            row(md, who + "whole run", t.overall());
        }
        md.append("\n| kind of request | sent | failed |\n|---|---:|---:|\n");
        byKind.kinds().forEach((kind, k) -> md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", kind,
                k.count(), k.failed())));
        if (traffic.size() > 1) {
            md.append("\nThe old service's traffic is pgbench replaying the FastAPI template's SQL (load-tests/sql/"
                    + "template); Cutover's is Gatling against the Cutover service, started after the expand phase. "
                    + "The cutover window pauses between the expand and the contract (both services side by side, "
                    + "no migration running); a source that started after the blocker is judged against what it "
                    + "did after the window, its first seconds (JVM warm-up) left out.\n");
        }
        backfill.ifPresent(b -> md.append(String.format(Locale.ROOT, "%nThe backfill: %s in %.1f s (%s); Cutover's "
                + "traffic while it ran: %,d requests, %,.1f req/s served against %,.1f req/s in the baseline "
                + "(ratio %.2f), p50 %,d ms, p99 %,d ms, max %,d ms (baseline p99 %,d ms).%n", b.rows() > 0
                        ? String.format(Locale.ROOT, "%,d rows", b.rows()) : "rows not counted",
                b.durationMillis() / 1000.0, b.rows() > 0 ? String.format(Locale.ROOT, "%,.0f rows/s",
                        b.rowsPerSecond()) : "rows/s unknown", b.during().count(), b.duringRps(), b.baselineRps(),
                b.rpsRatio(), b.during().p50(), b.during().p99(), b.during().max(), traffic.get(traffic.size() - 1)
                        .baseline().p99())));
        int maxWaiting = data.locks().stream().mapToInt(RunData.LockSample::waiting).max().orElse(0);
        long secondsWaiting = data.locks().stream().filter(s -> s.waiting() > 0).count();
        long ddlSeconds = data.locks().stream().filter(s -> s.ddlWaiting() > 0).count();
        double longest = data.locks().stream().mapToDouble(RunData.LockSample::longestWaitSeconds).max().orElse(0);
        md.append(String.format(Locale.ROOT, "%nDatabase, sampled every second (%d samples): up to %d sessions waiting "
                + "on locks; %d seconds with any session waiting; %d seconds with a migration waiting for its lock; "
                + "longest lock wait seen %.1f s.%n%n", data.locks().size(), maxWaiting, secondsWaiting, ddlSeconds,
                longest));
        md.append("## Timeline (").append(mode).append(")\n\n| t (s) | event | detail |\n|---:|---|---|\n");
        for (RunData.Event e : data.events()) {
            md.append(String.format(Locale.ROOT, "| %.1f | %s | %s |%n", series.at(e.at()), e.name(),
                    e.detail().replace("|", "\\|")));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, Latencies l) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d |%n", label, l.count(), l.failed(),
                l.p50(), l.p99(), l.max()));
    }

    private static String describe(Latencies l) {
        return String.format(Locale.ROOT, "%,d requests, %,d failed, p50 %,d ms, p99 %,d ms, max %,d ms", l.count(),
                l.failed(), l.p50(), l.p99(), l.max());
    }
}
