package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the backfill cost the traffic: the requests that started while it ran (from the first {@code backfill_start}
 * to the {@code backfill_end} after it) against the baseline in latency, and the requests answered while it ran
 * against those answered in the baseline in served rate (requests per second);
 * and what it did: its duration and, when its end event says {@code rows=N}, its rows per second. On a machine
 * where the backfill and the service share the CPU, a throttled backfill shows here as a longer duration and a
 * latency close to the baseline; an unthrottled one as a higher p99 or a lower served rate.
 */
public record BackfillCost(long durationMillis, long rows, Latencies during, double duringRps, double baselineRps) {

    private static final Pattern ROWS = Pattern.compile("rows=(\\d+)");

    /** None when the run had no backfill, or no requests before and during it. */
    public static Optional<BackfillCost> of(RunData data, List<RunData.Request> requests, long baselineFrom,
                                            long baselineTo) {
        Optional<RunData.Event> start = data.first("backfill_start");
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long from = start.get().at();
        Optional<RunData.Event> end = data.events().stream()
                .filter(e -> e.name().equals("backfill_end") && e.at() >= from).findFirst();
        if (end.isEmpty()) {
            return Optional.empty();
        }
        long to = end.get().at();
        List<RunData.Request> during = requests.stream().filter(r -> r.start() >= from && r.start() < to).toList();
        // Served: answered in the interval. Arrivals are open-model, so requests started there say nothing.
        long servedDuring = requests.stream().filter(r -> r.end() >= from && r.end() < to).count();
        long servedBaseline = requests.stream().filter(r -> r.end() >= baselineFrom && r.end() < baselineTo).count();
        if (during.isEmpty() || servedBaseline == 0 || to <= from || baselineTo <= baselineFrom) {
            return Optional.empty();
        }
        Matcher rows = ROWS.matcher(end.get().detail());
        return Optional.of(new BackfillCost(to - from, rows.find() ? Long.parseLong(rows.group(1)) : 0,
                Latencies.of(during), servedDuring * 1000.0 / (to - from),
                servedBaseline * 1000.0 / (baselineTo - baselineFrom)));
    }

    /** Rows per second, 0 when the row count is unknown. */
    public double rowsPerSecond() {
        return durationMillis == 0 ? 0 : rows * 1000.0 / durationMillis;
    }

    /** The served rate during the backfill over the baseline's: below 1 when the service fell behind its load. */
    public double rpsRatio() {
        return baselineRps == 0 ? 0 : duringRps / baselineRps;
    }
}
