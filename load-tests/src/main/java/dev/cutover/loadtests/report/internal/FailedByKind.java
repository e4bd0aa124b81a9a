package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The failed requests of a run counted per kind of request ({@code read me}, {@code log in}, ...), every kind that
 * was sent listed, failed or not: a cutover passes only with 0 failed of every kind, so a kind the rehearsal
 * stopped sending cannot hide behind the others.
 */
public record FailedByKind(Map<String, Kind> kinds) {

    /** One kind of request: how many were sent and how many failed. */
    public record Kind(int count, int failed) {
    }

    public static FailedByKind of(List<RunData.Request> requests) {
        Map<String, Kind> kinds = new TreeMap<>();
        for (RunData.Request r : requests) {
            kinds.merge(r.name(), new Kind(1, r.ok() ? 0 : 1),
                    (a, b) -> new Kind(a.count() + b.count(), a.failed() + b.failed()));
        }
        return new FailedByKind(java.util.Collections.unmodifiableMap(kinds));
    }

    public int failed() {
        return kinds.values().stream().mapToInt(Kind::failed).sum();
    }

    /** The kinds with failures, for a verdict's reasons: {@code "update me: 12 of 340 failed"}. */
    public List<String> failures() {
        return kinds.entrySet().stream().filter(e -> e.getValue().failed() > 0)
                .map(e -> String.format(Locale.ROOT, "%s: %,d of %,d failed", e.getKey(), e.getValue().failed(),
                        e.getValue().count()))
                .toList();
    }

    /** Every kind as {@code name failed/count}, for a verdict's figures: {@code "log in 0/52, read me 0/1,204"}. */
    public String describe() {
        return kinds.isEmpty() ? "no requests" : kinds.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d/%,d", e.getKey(), e.getValue().failed(),
                        e.getValue().count()))
                .collect(Collectors.joining(", "));
    }

    /** Every kind as {@code name:failed/count}, spaces as underscores, for a {@code key=value} summary line. */
    public String compact() {
        return kinds.isEmpty() ? "-" : kinds.entrySet().stream()
                .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue().failed() + "/" + e.getValue().count())
                .collect(Collectors.joining(","));
    }
}
