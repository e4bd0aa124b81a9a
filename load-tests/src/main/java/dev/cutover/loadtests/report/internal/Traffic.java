package dev.cutover.loadtests.report.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One traffic source of a rehearsal split for judging: its baseline, its requests during the cutover window (blocker
 * start to the end of the migrations and backfills) and the whole run. A source that was running before the blocker
 * takes the second half of that time as its baseline (the first half is warm-up). A source that started later (Cutover
 * in a takeover, started after the expand phase) skips its own first {@code lateWarmUpMillis} and takes what came after
 * the window as its baseline: the same service without a migration running. Requests started while the window was
 * paused (a takeover's side-by-side period between the expand and the contract, when no migration runs and Cutover's
 * JVM starts on the same CPUs) are in the whole run only.
 */
public record Traffic(String name, Latencies baseline, Latencies window, Latencies overall, boolean lateStart) {

    /** An interval [from, to) of epoch ms. */
    public record Pause(long from, long to) {
        boolean contains(long at) {
            return at >= from && at < to;
        }
    }

    public static Traffic of(String name, List<RunData.Request> requests, long blockerStart, long windowEnd,
                             long lateWarmUpMillis) {
        return of(name, requests, blockerStart, windowEnd, lateWarmUpMillis, List.of());
    }

    public static Traffic of(String name, List<RunData.Request> requests, long blockerStart, long windowEnd,
                             long lateWarmUpMillis, List<Pause> pauses) {
        if (requests.isEmpty()) {
            return new Traffic(name, Latencies.NONE, Latencies.NONE, Latencies.NONE, false);
        }
        long first = requests.get(0).start();
        boolean late = first >= blockerStart;
        long baselineFrom = late ? Math.max(windowEnd, first + lateWarmUpMillis) : first + (blockerStart - first) / 2;
        long baselineTo = late ? Long.MAX_VALUE : blockerStart;
        long windowFrom = late ? first + lateWarmUpMillis : blockerStart;
        List<RunData.Request> baseline = new ArrayList<>();
        List<RunData.Request> window = new ArrayList<>();
        for (RunData.Request r : requests) {
            if (r.start() >= baselineFrom && r.start() < baselineTo && !(late && r.start() <= windowEnd)) {
                baseline.add(r);
            } else if (r.start() >= windowFrom && r.start() >= blockerStart && r.start() <= windowEnd
                    && pauses.stream().noneMatch(p -> p.contains(r.start()))) {
                window.add(r);
            }
        }
        return new Traffic(name, Latencies.of(baseline), Latencies.of(window), Latencies.of(requests), late);
    }
}
