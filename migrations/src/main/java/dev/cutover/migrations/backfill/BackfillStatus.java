package dev.cutover.migrations.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One job's row of {@code cutover.backfill_jobs}: its state, how far it got and how fast.
 *
 * @param cursor       the last key of the last committed batch (empty before the first)
 * @param rowsDone     rows the batches changed
 * @param keysScanned  keys the batches covered (rows done plus rows that were already right)
 * @param rowsEstimated the table's row count when the job started (exact below 100,000 rows, else the planner's)
 * @param throttle     why the workers are backing off now, empty while they are not
 */
public record BackfillStatus(String name, JobState state, Optional<String> cursor, long rowsDone, long keysScanned,
                             long rowsEstimated, int batchSize, long batches, int lastBatchMillis,
                             Optional<String> throttle, Optional<Instant> startedAt, Instant updatedAt,
                             Optional<Instant> finishedAt, Optional<String> lastError, int attempts) {

    /** Share of the table covered, 0..100; 100 once completed. */
    public double percent() {
        if (state == JobState.COMPLETED) {
            return 100.0;
        }
        if (rowsEstimated <= 0) {
            return 0.0;
        }
        return Math.min(99.9, 100.0 * keysScanned / rowsEstimated);
    }

    /** Keys covered per second since the job started (0 before the first batch). */
    public double rowsPerSecond() {
        Instant end = finishedAt.orElse(updatedAt);
        return startedAt.map(start -> {
            double seconds = Duration.between(start, end).toMillis() / 1000.0;
            return seconds <= 0 ? 0.0 : keysScanned / seconds;
        }).orElse(0.0);
    }

    /** Time left at the rate so far; empty when there is no rate yet or the job is finished. */
    public Optional<Duration> eta() {
        double rate = rowsPerSecond();
        if (state.isFinished() || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, rowsEstimated - keysScanned);
        return Optional.of(Duration.ofMillis((long) (left / rate * 1000)));
    }
}
