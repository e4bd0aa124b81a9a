package dev.cutover.loadtests.report.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The run second by second from the first request: latency p50/p99/max of the requests that started in that second
 * (so a stall shows where it began), and completions and failures in that second (so throughput shows the gap).
 */
public record PerSecond(long origin, List<Second> seconds) {

    /** One second of the run; latencies are -1 where no request started. */
    public record Second(int index, long p50, long p99, long max, int completed, int failed) {
    }

    public static PerSecond of(RunData data) {
        if (data.requests().isEmpty()) {
            return new PerSecond(0, List.of());
        }
        long origin = data.requests().get(0).start() / 1000 * 1000;
        long lastEnd = data.requests().stream().mapToLong(RunData.Request::end).max().orElse(origin);
        int length = (int) ((lastEnd - origin) / 1000) + 1;
        List<List<Long>> started = new ArrayList<>();
        int[] completed = new int[length];
        int[] failed = new int[length];
        for (int i = 0; i < length; i++) {
            started.add(new ArrayList<>());
        }
        for (RunData.Request r : data.requests()) {
            started.get((int) ((r.start() - origin) / 1000)).add(r.latency());
            int done = (int) ((r.end() - origin) / 1000);
            if (r.ok()) {
                completed[done]++;
            } else {
                failed[done]++;
            }
        }
        List<Second> seconds = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            List<Long> latencies = started.get(i);
            if (latencies.isEmpty()) {
                seconds.add(new Second(i, -1, -1, -1, completed[i], failed[i]));
            } else {
                seconds.add(new Second(i, Latencies.percentile(latencies, 50), Latencies.percentile(latencies, 99),
                        latencies.stream().mapToLong(Long::longValue).max().orElse(0), completed[i], failed[i]));
            }
        }
        return new PerSecond(origin, List.copyOf(seconds));
    }

    /** Seconds since the origin of an epoch-ms instant. */
    public double at(long epochMillis) {
        return (epochMillis - origin) / 1000.0;
    }
}
