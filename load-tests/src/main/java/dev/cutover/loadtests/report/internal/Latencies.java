package dev.cutover.loadtests.report.internal;

import java.util.Arrays;
import java.util.List;

/** Latency figures of a set of requests: count, failures and nearest-rank percentiles, in milliseconds. */
public record Latencies(int count, int failed, long p50, long p99, long max) {

    public static final Latencies NONE = new Latencies(0, 0, 0, 0, 0);

    public static Latencies of(List<RunData.Request> requests) {
        if (requests.isEmpty()) {
            return NONE;
        }
        long[] sorted = requests.stream().mapToLong(RunData.Request::latency).sorted().toArray();
        int failed = (int) requests.stream().filter(r -> !r.ok()).count();
        return new Latencies(sorted.length, failed, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of an ascending array. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : percentile(sorted, p);
    }
}
