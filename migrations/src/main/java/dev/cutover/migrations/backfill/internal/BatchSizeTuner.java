package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillOptions;

/**
 * Picks the next batch size from the last one's duration: proportional toward the target duration, at most doubling
 * or halving per step (one odd batch must not swing it), always within the configured bounds.
 */
public final class BatchSizeTuner {

    private final BackfillOptions options;

    public BatchSizeTuner(BackfillOptions options) {
        this.options = options;
    }

    public int afterSuccess(int size, long millis) {
        double ratio = options.targetBatch().toMillis() / (double) Math.max(1, millis);
        ratio = Math.max(0.5, Math.min(2.0, ratio));
        return clamp((long) Math.round(size * ratio));
    }

    /** After a timeout: half the size, so a batch that cannot finish in time gets a smaller one. */
    public int afterTimeout(int size) {
        return clamp(size / 2);
    }

    public int clamp(long size) {
        return (int) Math.max(options.minBatchSize(), Math.min(options.maxBatchSize(), size));
    }
}
