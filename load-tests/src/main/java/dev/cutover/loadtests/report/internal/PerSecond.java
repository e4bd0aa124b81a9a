package dev.cutover.loadtests.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One traffic source second by second from the run's first request: latency p50/p99/max of the requests that started
 * in that second (so a stall shows where it began), and completions and failures in that second (so throughput shows
 * the gap). Every source of a run shares the same origin, so their seconds line up.
 */
public record PerSecond(long origin, List<Second> seconds) {

    /** One second of the run; latencies are -1 where no request started. */
    public record Second(int index, long p50, long p99, long max, int completed, int failed) {
    }

    /** Cutover's requests on the run's time axis. */
    public static PerSecond of(RunData data) {
        return of(data, data.requests());
    }

    /** The given requests (one source of {@code data}) on the run's time axis. */
    public static PerSecond of(RunData data, List<RunData.Request> requests) {
        List<RunData.Request> all = Stream.concat(data.requests().stream(), data.oldService().stream()).toList();
        if (all.isEmpty()) {
            return new PerSecond(0, List.of());
        }
        long origin = all.stream().mapToLong(RunData.Request::start).min().orElse(0) / 1000 * 1000;
        long lastEnd = all.stream().mapToLong(RunData.Request::end).max().orElse(origin);
        int length = (int) ((lastEnd - origin) / 1000) + 1;
        List<List<Long>> started = new ArrayList<>();
        int[] completed = new int[length];
        int[] failed = new int[length];
        for (int i = 0; i < length; i++) {
            started.add(new ArrayList<>());
        }
        for (RunData.Request r : requests) {
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
