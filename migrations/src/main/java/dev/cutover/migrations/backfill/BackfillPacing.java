package dev.cutover.migrations.backfill;

import java.time.Duration;

/**
 * How a worker paces a backfill: batch size bounds and the batch duration it tunes toward, per-batch timeouts, the
 * failure budget, the duty cycle, the health thresholds that make it back off, and how often it vacuums the table.
 *
 * @param targetBatch        the batch duration the batch size is tuned toward
 * @param initialBatchSize   the first batch's size when the job has none stored yet
 * @param minBatchSize       the smallest batch (also the floor of the halving after a timeout)
 * @param maxBatchSize       the largest batch
 * @param lockTimeout        {@code SET LOCAL lock_timeout} of each batch
 * @param statementTimeout   {@code SET LOCAL statement_timeout} of each batch
 * @param maxAttempts        consecutive failed batches after which the job ends {@code failed}
 * @param dutyCycle          the largest share of wall time spent in batches, in (0, 1]
 * @param vacuumEvery        run a plain {@code VACUUM} of the table every this many key ranges (0: never;
 *                           {@link #VACUUM_AUTO}: every 20 when the ranges run unsliced, never when they are sliced)
 * @param maxLockWaiters     back off while more sessions than this wait on a lock in the database
 * @param maxTransactionAge  back off while a transaction older than this holds back vacuum
 * @param maxReplicationLag  back off while a replica replays later than this
 * @param maxBackoff         the longest sleep between two health checks while backing off
 * @param slices             transactions per key range for backfills that support slices (1: one per range)
 */
public record BackfillPacing(Duration targetBatch, int initialBatchSize, int minBatchSize, int maxBatchSize,
                              Duration lockTimeout, Duration statementTimeout, int maxAttempts, double dutyCycle,
                              int vacuumEvery, int maxLockWaiters, Duration maxTransactionAge,
                              Duration maxReplicationLag, Duration maxBackoff, int slices) {

    /** {@code vacuumEvery} that lets the worker choose: sliced ranges keep their rows on their pages, others do not. */
    public static final int VACUUM_AUTO = -1;

    public BackfillPacing {
        if (vacuumEvery < VACUUM_AUTO) {
            throw new IllegalArgumentException("vacuum every must be -1 (auto), 0 (never) or a count, got " + vacuumEvery);
        }
        if (minBatchSize < 1 || maxBatchSize < minBatchSize) {
            throw new IllegalArgumentException("batch size bounds must satisfy 1 <= min <= max, got "
                    + minBatchSize + ".." + maxBatchSize);
        }
        if (!(dutyCycle > 0 && dutyCycle <= 1)) {
            throw new IllegalArgumentException("duty cycle must be in (0, 1], got " + dutyCycle);
        }
        if (slices < 1 || slices > 64) {
            throw new IllegalArgumentException("slices must be 1..64, got " + slices);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        initialBatchSize = Math.max(minBatchSize, Math.min(maxBatchSize, initialBatchSize));
    }

    /**
     * 200 ms batches of 100..50,000 keys, 100 ms lock timeout, 10 attempts, full duty cycle, 8 slices per range where
     * the backfill supports them, VACUUM chosen by the worker ({@link #VACUUM_AUTO}).
     */
    public static BackfillPacing defaults() {
        return new BackfillPacing(Duration.ofMillis(200), 1_000, 100, 50_000, Duration.ofMillis(100),
                Duration.ofSeconds(5), 10, 1.0, VACUUM_AUTO, 0, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 8);
    }

    public BackfillPacing withBatchSizes(int initial, int min, int max) {
        return new BackfillPacing(targetBatch, initial, min, max, lockTimeout, statementTimeout, maxAttempts,
                dutyCycle, vacuumEvery, maxLockWaiters, maxTransactionAge, maxReplicationLag, maxBackoff, slices);
    }

    public BackfillPacing withTargetBatch(Duration target) {
        return new BackfillPacing(target, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout, statementTimeout,
                maxAttempts, dutyCycle, vacuumEvery, maxLockWaiters, maxTransactionAge, maxReplicationLag, maxBackoff, slices);
    }

    public BackfillPacing withTimeouts(Duration lock, Duration statement) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lock, statement,
                maxAttempts, dutyCycle, vacuumEvery, maxLockWaiters, maxTransactionAge, maxReplicationLag, maxBackoff, slices);
    }

    public BackfillPacing withMaxAttempts(int attempts) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout,
                statementTimeout, attempts, dutyCycle, vacuumEvery, maxLockWaiters, maxTransactionAge,
                maxReplicationLag, maxBackoff, slices);
    }

    public BackfillPacing withDutyCycle(double share) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout,
                statementTimeout, maxAttempts, share, vacuumEvery, maxLockWaiters, maxTransactionAge,
                maxReplicationLag, maxBackoff, slices);
    }

    public BackfillPacing withVacuumEvery(int batches) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout,
                statementTimeout, maxAttempts, dutyCycle, batches, maxLockWaiters, maxTransactionAge,
                maxReplicationLag, maxBackoff, slices);
    }

    /** The VACUUM interval a worker uses for ranges run in {@code slices} transactions each. */
    public int vacuumEvery(int slices) {
        return vacuumEvery != VACUUM_AUTO ? vacuumEvery : slices > 1 ? 0 : 20;
    }

    public BackfillPacing withSlices(int count) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout,
                statementTimeout, maxAttempts, dutyCycle, vacuumEvery, maxLockWaiters, maxTransactionAge,
                maxReplicationLag, maxBackoff, count);
    }

    public BackfillPacing withHealthLimits(int lockWaiters, Duration transactionAge, Duration replicationLag) {
        return new BackfillPacing(targetBatch, initialBatchSize, minBatchSize, maxBatchSize, lockTimeout,
                statementTimeout, maxAttempts, dutyCycle, vacuumEvery, lockWaiters, transactionAge, replicationLag,
                maxBackoff, slices);
    }
}
