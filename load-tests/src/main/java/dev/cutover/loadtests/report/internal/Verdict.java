package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;

/**
 * Judges a rehearsal. Guarded, and one-command (the README's {@code ./cutover migrate --wait-for-backfills} with the
 * service's own backfill workers), are judged alike: PASS when no request of any kind failed, no lock queue formed
 * (no session waited on a lock longer than the lock_timeout plus the margin), and no request during the cutover was
 * slower than the baseline p99 plus the lock_timeout plus a margin, nor than the absolute bound {@code maxMillis} when
 * it is above 0 (with two traffic sources the lock queue is reported, not judged). Every verdict names the failed
 * requests of each kind and the lock queue. Naive:
 * STALLED when traffic visibly queued behind the blocker (a request waited at least half the exposure beyond the
 * baseline p99, or requests failed), which is what the naive run exists to show; the exposure is how long the first
 * migration step could queue behind the blocker (from its start to the blocker's end: on a loaded machine the step
 * starts seconds after the blocker), at most the blocker's length. Either is INCONCLUSIVE when the baseline itself
 * was slow: the service was saturated before the cutover. With two traffic sources (a takeover: the old service and
 * Cutover) each is judged so, against its own baseline; guarded passes only when both do, naive stalls when either
 * does.
 */
public record Verdict(boolean expected, String line) {

    public static final String GUARDED = "guarded";
    public static final String NAIVE = "naive";
    public static final String ONE_COMMAND = "one-command";

    /** The modes a rehearsal runs: naive, guarded and one-command. */
    public static final java.util.Set<String> MODES = java.util.Set.of(NAIVE, GUARDED, ONE_COMMAND);

    /** Whether the mode runs the guard (and must pass), rather than show the incident (naive). */
    public static boolean guards(String mode) {
        return GUARDED.equals(mode) || ONE_COMMAND.equals(mode);
    }

    static Verdict judge(String mode, Latencies baseline, Latencies window, Latencies overall, long blockerMillis,
                         long exposureMillis, long lockTimeoutMillis, long marginMillis, long maxMillis,
                         long maxBaselineP99Millis, List<String> migrationFailures, FailedByKind byKind,
                         LockQueue queue) {
        if (baseline.count() == 0 || baseline.p99() > maxBaselineP99Millis) {
            // An overloaded service queues requests with or without a migration: nothing can be judged against it.
            return new Verdict(false, String.format(Locale.ROOT, "verdict: INCONCLUSIVE %s: baseline p99 %,d ms over "
                    + "%,d requests before the blocker (limit %,d ms): the service was saturated before the cutover "
                    + "began; lower --rps or give it more CPU", mode, baseline.p99(), baseline.count(),
                    maxBaselineP99Millis));
        }
        String evidence = "; failed by kind: " + byKind.describe() + "; " + queue.describe();
        if (guards(mode)) {
            long limit = baseline.p99() + lockTimeoutMillis + marginMillis;
            List<String> problems = new java.util.ArrayList<>(byKind.failures());
            if (overall.failed() > byKind.failed()) {
                problems.add(overall.failed() + " failed requests");
            }
            if (queue.formed(lockTimeoutMillis + marginMillis)) {
                problems.add(String.format(Locale.ROOT, "a lock queue formed (up to %,d sessions waiting, longest "
                        + "wait %.1f s > %,d ms)", queue.mostQueued(), queue.longestWaitSeconds(),
                        lockTimeoutMillis + marginMillis));
            }
            if (window.max() > limit) {
                problems.add(String.format(Locale.ROOT, "max latency %,d ms > %,d ms", window.max(), limit));
            }
            if (maxMillis > 0 && window.max() > maxMillis) {
                problems.add(String.format(Locale.ROOT, "max latency %,d ms > %,d ms (--max-ms)", window.max(),
                        maxMillis));
            }
            problems.addAll(migrationFailures);
            String figures = String.format(Locale.ROOT, "%,d requests, %,d failed; max %,d ms during the cutover, "
                    + "limit %,d ms (baseline p99 %,d + lock_timeout %,d + margin %,d)%s", overall.count(),
                    overall.failed(), window.max(), limit, baseline.p99(), lockTimeoutMillis, marginMillis,
                    absolute(maxMillis)) + evidence;
            return problems.isEmpty()
                    ? new Verdict(true, "verdict: PASS " + mode + ": " + figures)
                    : new Verdict(false, "verdict: FAIL " + mode + ": " + String.join("; ", problems) + " (" + figures
                            + ")");
        }
        boolean stalled = window.max() - baseline.p99() >= exposureMillis / 2 || overall.failed() > 0;
        String figures = String.format(Locale.ROOT, "max latency %,d ms and p99 %,d ms during the cutover with a "
                + "%,d ms blocker (baseline p99 %,d ms); %,d of %,d requests failed", window.max(), window.p99(),
                blockerMillis, baseline.p99(), overall.failed(), overall.count()) + evidence;
        return stalled
                ? new Verdict(true, "verdict: STALLED naive: " + figures)
                : new Verdict(false, "verdict: NO STALL naive (the rehearsal did not reproduce the incident): " + figures);
    }

    /** One source alone is judged (and worded) as above; two or more each against its own baseline. */
    public static Verdict judge(String mode, List<Traffic> traffic, long blockerMillis, long exposureMillis,
                                long lockTimeoutMillis, long marginMillis, long maxMillis, long maxBaselineP99Millis,
                                List<String> migrationFailures, FailedByKind byKind, LockQueue queue) {
        if (traffic.size() == 1) {
            Traffic t = traffic.get(0);
            return judge(mode, t.baseline(), t.window(), t.overall(), blockerMillis, exposureMillis, lockTimeoutMillis,
                    marginMillis, maxMillis, maxBaselineP99Millis, migrationFailures, byKind, queue);
        }
        List<String> saturated = new java.util.ArrayList<>();
        for (Traffic t : traffic) {
            if (t.overall().count() > 0 && !t.lateStart() && (t.baseline().count() == 0 || t.baseline().p99() > maxBaselineP99Millis)) {
                saturated.add(String.format(Locale.ROOT, "%s: baseline p99 %,d ms over %,d requests before the "
                        + "blocker (limit %,d ms)", t.name(), t.baseline().p99(), t.baseline().count(),
                        maxBaselineP99Millis));
            }
        }
        if (!saturated.isEmpty()) {
            return new Verdict(false, "verdict: INCONCLUSIVE " + mode + ": " + String.join("; ", saturated)
                    + ": saturated before the cutover began; lower the rates or give it more CPU");
        }
        List<String> figures = new java.util.ArrayList<>();
        List<String> problems = new java.util.ArrayList<>();
        boolean stalled = false;
        for (Traffic t : traffic) {
            boolean judged = t.baseline().count() > 0;
            long limit = t.baseline().p99() + lockTimeoutMillis + marginMillis;
            if (t.overall().count() == 0) {
                problems.add(t.name() + ": no requests at all (did it start?)");
            }
            if (t.overall().failed() > 0) {
                problems.add(t.name() + ": " + t.overall().failed() + " failed requests");
            }
            if (guards(mode)) {
                if (judged && t.window().max() > limit) {
                    problems.add(String.format(Locale.ROOT, "%s: max latency %,d ms > %,d ms", t.name(),
                            t.window().max(), limit));
                }
                if (maxMillis > 0 && t.window().max() > maxMillis) {
                    problems.add(String.format(Locale.ROOT, "%s: max latency %,d ms > %,d ms (--max-ms)", t.name(),
                            t.window().max(), maxMillis));
                }
                figures.add(String.format(Locale.ROOT, "%s: %,d requests, %,d failed; max %,d ms during the cutover, "
                        + "%s%s", t.name(), t.overall().count(), t.overall().failed(), t.window().max(), judged
                                ? String.format(Locale.ROOT, "limit %,d ms (baseline p99 %,d + lock_timeout %,d + "
                                + "margin %,d)", limit, t.baseline().p99(), lockTimeoutMillis, marginMillis)
                                : "latency not judged (no baseline)", absolute(maxMillis)));
            } else {
                stalled |= t.overall().failed() > 0
                        || judged && t.window().max() - t.baseline().p99() >= exposureMillis / 2;
                figures.add(String.format(Locale.ROOT, "%s: max latency %,d ms and p99 %,d ms during the cutover "
                        + "(baseline p99 %,d ms); %,d of %,d requests failed", t.name(), t.window().max(),
                        t.window().p99(), t.baseline().p99(), t.overall().failed(), t.overall().count()));
            }
        }
        String joined = String.join(" | ", figures) + "; failed by kind: " + byKind.describe() + "; "
                + queue.describe();
        if (guards(mode)) {
            // The lock queue is reported, not judged, here: both services' sessions share it, and the old one's own
            // transactions may wait on each other's row locks, which says nothing about the migration.
            problems.addAll(migrationFailures);
            return problems.isEmpty()
                    ? new Verdict(true, "verdict: PASS " + mode + ": " + joined)
                    : new Verdict(false, "verdict: FAIL " + mode + ": " + String.join("; ", problems) + " (" + joined
                            + ")");
        }
        String blocker = String.format(Locale.ROOT, " (%,d ms blocker; the first migration step queued behind it "
                + "for up to %,d ms)", blockerMillis, exposureMillis);
        return stalled
                ? new Verdict(true, "verdict: STALLED naive: " + joined + blocker)
                : new Verdict(false, "verdict: NO STALL naive (the rehearsal did not reproduce the incident): "
                        + joined + blocker);
    }

    private static String absolute(long maxMillis) {
        return maxMillis > 0 ? String.format(Locale.ROOT, " and %,d ms (--max-ms)", maxMillis) : "";
    }

    /** The verdict's word: PASS, FAIL, STALLED, NO_STALL or INCONCLUSIVE, for a machine-readable line. */
    public String word() {
        String rest = line.startsWith("verdict: ") ? line.substring("verdict: ".length()) : line;
        return rest.startsWith("NO STALL") ? "NO_STALL" : rest.split(" ", 2)[0];
    }
}
