package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A backfill as the admin endpoints show it: its job's state and progress, or {@code pending} before any start. */
public record BackfillView(String name, String table, String status, double percent, long rowsDone, long keysScanned,
                           long rowsEstimated, long rowsPerSecond, Long etaSeconds, int batchSize, long batches,
                           int lastBatchMs, String throttle, Instant startedAt, Instant updatedAt, Instant finishedAt,
                           String lastError, int attempts) {

    static BackfillView of(Backfill backfill, Optional<BackfillStatus> job) {
        if (job.isEmpty()) {
            return new BackfillView(backfill.name(), backfill.table(), "pending", 0, 0, 0, 0, 0, null, 0, 0, 0, null,
                    null, null, null, null, 0);
        }
        BackfillStatus s = job.get();
        return new BackfillView(s.name(), backfill.table(), s.state().dbValue(), Math.round(s.percent() * 10) / 10.0,
                s.rowsDone(), s.keysScanned(), s.rowsEstimated(), Math.round(s.rowsPerSecond()),
                s.eta().map(Duration::toSeconds).orElse(null), s.batchSize(), s.batches(), s.lastBatchMillis(),
                s.throttle().orElse(null), s.startedAt().orElse(null), s.updatedAt(), s.finishedAt().orElse(null),
                s.lastError().orElse(null), s.attempts());
    }
}
