package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;

/**
 * Judges a rehearsal. Guarded: PASS when no request failed and none was slower than the baseline p99 plus the
 * lock_timeout plus a margin. Naive: STALLED when traffic visibly queued behind the blocker (a request waited at
 * least half the blocker's length beyond the baseline p99, or requests failed), which is what the naive run exists
 * to show. Either is INCONCLUSIVE when the baseline itself was slow: the service was saturated before the cutover.
 */
public record Verdict(boolean expected, String line) {

    public static final String GUARDED = "guarded";
    public static final String NAIVE = "naive";

    public static Verdict judge(String mode, Latencies baseline, Latencies window, Latencies overall,
                                long blockerMillis, long lockTimeoutMillis, long marginMillis,
                                long maxBaselineP99Millis, List<String> migrationFailures) {
        if (baseline.count() == 0 || baseline.p99() > maxBaselineP99Millis) {
            // An overloaded service queues requests with or without a migration: nothing can be judged against it.
            return new Verdict(false, String.format(Locale.ROOT, "verdict: INCONCLUSIVE %s: baseline p99 %,d ms over "
                    + "%,d requests before the blocker (limit %,d ms): the service was saturated before the cutover "
                    + "began; lower --rps or give it more CPU", mode, baseline.p99(), baseline.count(),
                    maxBaselineP99Millis));
        }
        if (GUARDED.equals(mode)) {
            long limit = baseline.p99() + lockTimeoutMillis + marginMillis;
            List<String> problems = new java.util.ArrayList<>();
            if (overall.failed() > 0) {
                problems.add(overall.failed() + " failed requests");
            }
            if (window.max() > limit) {
                problems.add(String.format(Locale.ROOT, "max latency %,d ms > %,d ms", window.max(), limit));
            }
            problems.addAll(migrationFailures);
            String figures = String.format(Locale.ROOT, "%,d requests, %,d failed; max %,d ms during the cutover, "
                    + "limit %,d ms (baseline p99 %,d + lock_timeout %,d + margin %,d)", overall.count(),
                    overall.failed(), window.max(), limit, baseline.p99(), lockTimeoutMillis, marginMillis);
            return problems.isEmpty()
                    ? new Verdict(true, "verdict: PASS guarded: " + figures)
                    : new Verdict(false, "verdict: FAIL guarded: " + String.join("; ", problems) + " (" + figures + ")");
        }
        boolean stalled = window.max() - baseline.p99() >= blockerMillis / 2 || overall.failed() > 0;
        String figures = String.format(Locale.ROOT, "max latency %,d ms and p99 %,d ms during the cutover with a "
                + "%,d ms blocker (baseline p99 %,d ms); %,d of %,d requests failed", window.max(), window.p99(),
                blockerMillis, baseline.p99(), overall.failed(), overall.count());
        return stalled
                ? new Verdict(true, "verdict: STALLED naive: " + figures)
                : new Verdict(false, "verdict: NO STALL naive (the rehearsal did not reproduce the incident): " + figures);
    }
}
