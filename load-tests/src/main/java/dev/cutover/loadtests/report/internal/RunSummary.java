package dev.cutover.loadtests.report.internal;

import dev.cutover.loadtests.report.RehearsalReport;
import java.util.Locale;
import java.util.Optional;

/**
 * The rehearsal's figures as one line of {@code key=value} pairs, starting with {@code rehearsal }, for scripts to
 * grep (a benchmark run prints it last): the rate and the capacity it came from, the verdict, Cutover's worst
 * request during the cutover and the bound, failures (in all and per kind of request), the lock queue, the
 * backfill's rate and cost, and the machine's load (the highest 1-minute load average of the {@code loadavg} events
 * the rehearsal recorded). A figure the run did not have is {@code -}.
 */
public final class RunSummary {

    private RunSummary() {
    }

    public static String line(String mode, RunData data, Optional<Rate> rate, Traffic cutover, Verdict verdict,
                              Optional<BackfillCost> backfill, RehearsalReport.Limits limits, FailedByKind byKind,
                              LockQueue queue) {
        StringBuilder line = new StringBuilder("rehearsal mode=").append(mode);
        put(line, "capacity_rps", rate.filter(Rate::derived).map(r -> fixed(r.capacityRps(), 1)));
        put(line, "fraction", rate.filter(Rate::derived).map(r -> fixed(r.fraction(), 2)));
        put(line, "rps", rate.map(r -> fixed(r.rps(), 0)));
        put(line, "verdict", Optional.of(verdict.word()));
        put(line, "max_ms", Optional.of(Long.toString(cutover.window().max())));
        put(line, "bound_ms", Optional.of(limits.maxMillis()).filter(m -> m > 0 && Verdict.guards(mode))
                .map(String::valueOf));
        put(line, "failed", Optional.of(Integer.toString(cutover.overall().failed())));
        put(line, "requests", Optional.of(Integer.toString(cutover.overall().count())));
        put(line, "failed_by_kind", Optional.of(byKind.compact()));
        put(line, "lock_queue_max", Optional.of(Integer.toString(queue.mostQueued())));
        put(line, "lock_wait_max_s", Optional.of(String.format(Locale.ROOT, "%.1f", queue.longestWaitSeconds())));
        put(line, "baseline_p99_ms", Optional.of(Long.toString(cutover.baseline().p99())));
        put(line, "cutover_p99_ms", Optional.of(Long.toString(cutover.window().p99())));
        put(line, "backfill_rows", backfill.filter(b -> b.rows() > 0).map(b -> Long.toString(b.rows())));
        put(line, "backfill_s", backfill.map(b -> fixed(b.durationMillis() / 1000.0, 1)));
        put(line, "backfill_rows_per_s", backfill.filter(b -> b.rows() > 0).map(b -> fixed(b.rowsPerSecond(), 0)));
        put(line, "backfill_p99_ms", backfill.map(b -> Long.toString(b.during().p99())));
        put(line, "backfill_max_ms", backfill.map(b -> Long.toString(b.during().max())));
        put(line, "backfill_rps_ratio", backfill.map(b -> fixed(b.rpsRatio(), 2)));
        put(line, "backfill_cost_p99_ms", backfill.map(b -> Long.toString(b.during().p99() - cutover.baseline().p99())));
        put(line, "load1", data.events().stream().filter(e -> e.name().equals("loadavg"))
                .map(e -> e.detail().trim().split("\\s+")[0]).filter(v -> v.matches("[0-9.]+"))
                .map(Double::parseDouble).max(Double::compare).map(v -> fixed(v, 2)));
        return line.toString();
    }

    private static void put(StringBuilder line, String key, Optional<String> value) {
        line.append(' ').append(key).append('=').append(value.orElse("-"));
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
