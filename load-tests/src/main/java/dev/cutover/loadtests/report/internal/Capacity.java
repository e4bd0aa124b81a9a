package dev.cutover.loadtests.report.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The service's capacity for a request mix, from a closed-model run in levels of rising concurrency: each level's
 * throughput (requests that ended in it per second, its first {@code settleMillis} left out while the concurrency
 * changes) and latency; the capacity is the highest throughput of a level with no failed request and a p99 within
 * the bound. Past saturation more users only queue, so the levels around the knee give about the same throughput and
 * the figure does not hang on the choice of levels. When no level is within the bound (a saturated or noisy machine),
 * {@link #fastest()} is what is left: the highest throughput seen.
 */
public record Capacity(List<Level> levels, Optional<Level> best, long p99BoundMillis) {

    /** A level as planned: its interval (epoch ms) and its number of concurrent users (0 for the warm-up). */
    public record Plan(long start, long end, int concurrency) {
    }

    /** A level as measured. */
    public record Level(int concurrency, double rps, Latencies latencies) {
        boolean within(long p99BoundMillis) {
            return latencies.count() > 0 && latencies.failed() == 0 && latencies.p99() <= p99BoundMillis;
        }
    }

    public static Capacity measure(List<RunData.Request> requests, List<Plan> plans, long settleMillis,
                                   long p99BoundMillis) {
        List<Level> levels = new ArrayList<>();
        for (Plan plan : plans) {
            if (plan.concurrency() <= 0) {
                continue;
            }
            long from = plan.start() + settleMillis;
            if (from >= plan.end()) {
                throw new IllegalArgumentException("a level of " + (plan.end() - plan.start())
                        + " ms is too short to settle for " + settleMillis + " ms");
            }
            List<RunData.Request> ended = requests.stream()
                    .filter(r -> r.end() >= from && r.end() < plan.end()).toList();
            levels.add(new Level(plan.concurrency(), ended.size() * 1000.0 / (plan.end() - from),
                    Latencies.of(ended)));
        }
        Optional<Level> best = levels.stream().filter(l -> l.within(p99BoundMillis))
                .max(Comparator.comparingDouble(Level::rps));
        return new Capacity(List.copyOf(levels), best, p99BoundMillis);
    }

    /** The level with the highest throughput, within the bound or not. */
    public Optional<Level> fastest() {
        return levels.stream().filter(l -> l.latencies().count() > 0).max(Comparator.comparingDouble(Level::rps));
    }
}
