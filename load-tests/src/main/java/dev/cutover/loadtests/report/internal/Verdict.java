package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a rehearsal. Guarded, and one-command (the README's {@code ./cutover migrate --wait-for-backfills} with the
 * service's own backfill workers), are judged alike: PASS when no request of any kind failed, no lock queue formed
 * (no session waited on a lock longer than the lock_timeout plus the margin), and no request during the cutover was
 * slower than its kind's baseline p99 plus the lock_timeout plus a margin, nor than the absolute bound
 * {@code maxMillis} when it is above 0 (with two traffic sources the lock queue is reported, not judged). Latency is
 * judged per kind because kinds differ by orders of magnitude: a sign-up that spends 250 ms hashing before any
 * migration must not fail a cutover that added nothing to it, and a read that took 5 ms must not hide behind it. A
 * kind slower than the absolute bound before the cutover is held to its own baseline's worst request instead; a kind
 * with fewer than {@value #KIND_BASELINE_MIN} baseline requests is judged against the whole source's baseline. Every verdict names the failed
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

    /** Baseline requests a kind needs for a p99 of its own. */
    static final int KIND_BASELINE_MIN = 20;

    /** Whether the mode runs the guard (and must pass), rather than show the incident (naive). */
    public static boolean guards(String mode) {
        return GUARDED.equals(mode) || ONE_COMMAND.equals(mode);
    }

    static Verdict judge(String mode, Traffic traffic, long blockerMillis, long exposureMillis,
                         long lockTimeoutMillis, long marginMillis, long maxMillis, long maxBaselineP99Millis,
                         List<String> migrationFailures, FailedByKind byKind, LockQueue queue) {
        Latencies baseline = traffic.baseline();
        Latencies window = traffic.window();
        Latencies overall = traffic.overall();
        if (baseline.count() == 0 || baseline.p99() > maxBaselineP99Millis) {
            // An overloaded service queues requests with or without a migration: nothing can be judged against it.
            return new Verdict(false, String.format(Locale.ROOT, "verdict: INCONCLUSIVE %s: baseline p99 %,d ms over "
                    + "%,d requests before the blocker (limit %,d ms): the service was saturated before the cutover "
                    + "began; lower --rps or give it more CPU", mode, baseline.p99(), baseline.count(),
                    maxBaselineP99Millis));
        }
        String evidence = "; failed by kind: " + byKind.describe() + "; " + queue.describe();
        if (guards(mode)) {
            List<String> problems = new java.util.ArrayList<>(byKind.failures());
            if (overall.failed() > byKind.failed()) {
                problems.add(overall.failed() + " failed requests");
            }
            if (queue.formed(lockTimeoutMillis + marginMillis)) {
                problems.add(String.format(Locale.ROOT, "a lock queue formed (up to %,d sessions waiting, longest "
                        + "wait %.1f s > %,d ms)", queue.mostQueued(), queue.longestWaitSeconds(),
                        lockTimeoutMillis + marginMillis));
            }
            String byKindLatency = latencyByKind(traffic, lockTimeoutMillis, marginMillis, maxMillis, problems);
            problems.addAll(migrationFailures);
            String figures = String.format(Locale.ROOT, "%,d requests, %,d failed; max %,d ms during the cutover; "
                    + "by kind, the worst request against its limit (its baseline p99 + lock_timeout %,d + margin "
                    + "%,d%s): %s", overall.count(), overall.failed(), window.max(), lockTimeoutMillis, marginMillis,
                    absolute(maxMillis), byKindLatency) + evidence;
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
            return judge(mode, t, blockerMillis, exposureMillis, lockTimeoutMillis, marginMillis, maxMillis,
                    maxBaselineP99Millis, migrationFailures, byKind, queue);
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
            if (t.overall().count() == 0) {
                problems.add(t.name() + ": no requests at all (did it start?)");
            }
            if (t.overall().failed() > 0) {
                problems.add(t.name() + ": " + t.overall().failed() + " failed requests");
            }
            if (guards(mode)) {
                List<String> slow = new java.util.ArrayList<>();
                String byKindLatency = judged
                        ? latencyByKind(t, lockTimeoutMillis, marginMillis, maxMillis, slow)
                        : "latency not judged (no baseline)";
                slow.forEach(problem -> problems.add(t.name() + ": " + problem));
                figures.add(String.format(Locale.ROOT, "%s: %,d requests, %,d failed; max %,d ms during the cutover; "
                        + "by kind, the worst request against its limit (its baseline p99 + lock_timeout %,d + margin "
                        + "%,d%s): %s", t.name(), t.overall().count(), t.overall().failed(), t.window().max(),
                        lockTimeoutMillis, marginMillis, absolute(maxMillis), byKindLatency));
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

    /**
     * Judges each kind's worst request during the cutover against its own baseline, adding a problem for each kind
     * over its limit; returns every kind's figures, {@code "log in 412/640 ms, read me 31/118 ms"}.
     */
    private static String latencyByKind(Traffic traffic, long lockTimeoutMillis, long marginMillis, long maxMillis,
                                        List<String> problems) {
        Map<String, Traffic> kinds = traffic.kinds().isEmpty() ? Map.of(traffic.name(), traffic) : traffic.kinds();
        List<String> figures = new java.util.ArrayList<>();
        kinds.forEach((kind, t) -> {
            if (t.window().count() == 0) {
                return;
            }
            Latencies own = t.baseline().count() >= KIND_BASELINE_MIN ? t.baseline() : traffic.baseline();
            long limit = own.p99() + lockTimeoutMillis + marginMillis;
            if (t.window().max() > limit) {
                problems.add(String.format(Locale.ROOT, "max latency %,d ms > %,d ms, %s (baseline p99 %,d ms)",
                        t.window().max(), limit, kind, own.p99()));
            }
            long bound = maxMillis > 0 ? Math.max(maxMillis, own.max()) : 0;
            if (bound > 0 && t.window().max() > bound) {
                problems.add(String.format(Locale.ROOT, "max latency %,d ms > %,d ms (--max-ms%s), %s",
                        t.window().max(), bound, bound > maxMillis ? ", raised to the kind's own baseline max" : "",
                        kind));
            }
            figures.add(String.format(Locale.ROOT, "%s %,d/%,d ms", kind, t.window().max(),
                    bound > 0 ? Math.min(limit, bound) : limit));
        });
        return String.join(", ", figures);
    }

    /** The verdict's word: PASS, FAIL, STALLED, NO_STALL or INCONCLUSIVE, for a machine-readable line. */
    public String word() {
        String rest = line.startsWith("verdict: ") ? line.substring("verdict: ".length()) : line;
        return rest.startsWith("NO STALL") ? "NO_STALL" : rest.split(" ", 2)[0];
    }
}
