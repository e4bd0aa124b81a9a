package dev.cutover.loadtests.report.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One traffic source of a rehearsal split for judging: its baseline, its requests during the cutover window (blocker
 * start to the end of the migrations and backfills) and the whole run. A source that was running before the blocker
 * takes the second half of that time as its baseline (the first half is warm-up). A source that started later (Cutover
 * in a takeover, started after the expand phase) skips its own first {@code lateWarmUpMillis} and takes what came after
 * the window as its baseline: the same service without a migration running. Requests started while the window was
 * paused (a takeover's side-by-side period between the expand and the contract, when no migration runs and Cutover's
 * JVM starts on the same CPUs) are in the whole run only. Each kind of request ({@code log in}, {@code read me}, ...)
 * is split the same way, with the source's boundaries, so its latency can be judged against its own baseline.
 */
public record Traffic(String name, Latencies baseline, Latencies window, Latencies overall, boolean lateStart,
                      Map<String, Traffic> kinds) {

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
            return new Traffic(name, Latencies.NONE, Latencies.NONE, Latencies.NONE, false, Map.of());
        }
        long first = requests.get(0).start();
        Map<String, List<RunData.Request>> byKind = new TreeMap<>();
        for (RunData.Request r : requests) {
            byKind.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Traffic> kinds = new TreeMap<>();
        byKind.forEach((kind, ofKind) -> kinds.put(kind,
                split(kind, ofKind, first, blockerStart, windowEnd, lateWarmUpMillis, pauses, Map.of())));
        return split(name, requests, first, blockerStart, windowEnd, lateWarmUpMillis, pauses,
                Collections.unmodifiableMap(kinds));
    }

    private static Traffic split(String name, List<RunData.Request> requests, long first, long blockerStart,
                                 long windowEnd, long lateWarmUpMillis, List<Pause> pauses, Map<String, Traffic> kinds) {
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
        return new Traffic(name, Latencies.of(baseline), Latencies.of(window), Latencies.of(requests), late, kinds);
    }
}
