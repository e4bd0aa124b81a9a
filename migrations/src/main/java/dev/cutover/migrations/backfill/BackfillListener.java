package dev.cutover.migrations.backfill;

/** What a worker reports as it goes, for progress bars and metrics; called on the worker's threads. */
public interface BackfillListener {

    BackfillListener NONE = new BackfillListener() {
    };

    /** A batch committed: {@code keys} covered, {@code rows} changed, in {@code millis}, sized {@code batchSize}. */
    default void batchCommitted(String name, long keys, long rows, long millis, int batchSize) {
    }

    /** A batch rolled back; the worker retries (smaller after a timeout) until the attempts run out. */
    default void batchFailed(String name, String error, int nextBatchSize) {
    }

    /** The worker is backing off for {@code reason}, or stopped backing off when {@code reason} is null. */
    default void throttled(String name, String reason) {
    }

    /** A VACUUM of the table that the worker started between batches finished after {@code millis}. */
    default void vacuumed(String name, long millis) {
    }
}
