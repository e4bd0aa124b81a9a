package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillPacing;

/**
 * Picks the next batch size from the last one's duration: proportional toward the target duration, at most doubling
 * or halving per step (one odd batch must not swing it), always within the configured bounds. It is fed the whole
 * time a batch's rows stay locked, commit included (as measured for the last commit), and with slices once per range
 * with the range's slowest slice, the longest a writer may have waited.
 */
public final class BatchSizeTuner {

    private final BackfillPacing options;
    private long lastCommitMillis;
    private long slowestSliceMillis;

    public BatchSizeTuner(BackfillPacing options) {
        this.options = options;
    }

    /**
     * After slice {@code slice} of {@code slices} ran for {@code millis} (commit not included): how long its rows stay
     * locked, for the job's record, and the size of the next batch: {@code size} until the range's last slice.
     */
    public Sized afterSlice(int size, long millis, int slice, int slices) {
        long held = millis + lastCommitMillis;
        slowestSliceMillis = slice == 0 ? held : Math.max(slowestSliceMillis, held);
        return new Sized(held, slice == slices - 1 ? afterSuccess(size, slowestSliceMillis) : size);
    }

    /** How long a batch held its rows locked, and the size the next batch gets. */
    public record Sized(long lockHeldMillis, int nextSize) {
    }

    /** The time the last commit took, added to the next batch's. */
    public void committed(long millis) {
        lastCommitMillis = millis;
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
