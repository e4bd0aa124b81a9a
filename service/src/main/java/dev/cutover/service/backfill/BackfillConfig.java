package dev.cutover.service.backfill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The {@code cutover.backfill.*} settings: whether and how many workers run here, and how they pace batches. */
@ConfigMapping(prefix = "cutover.backfill")
public interface BackfillConfig {

    /** Run background workers in this instance ({@code BACKFILL_ENABLED}). */
    @WithDefault("false")
    boolean enabled();

    /** Worker threads in this instance when enabled ({@code BACKFILL_WORKERS}). */
    @WithDefault("1")
    int workers();

    /** How often an idle worker looks for a runnable job. */
    @WithDefault("PT2S")
    Duration pollInterval();

    /** The batch duration the batch size is tuned toward. */
    @WithDefault("PT0.2S")
    Duration targetBatch();

    /** The largest share of wall time a worker spends in batches. */
    @WithDefault("1.0")
    double dutyCycle();

    /** A plain VACUUM of the table every this many key ranges (0: never; -1: every 20 unless the ranges are sliced). */
    @WithDefault("-1")
    int vacuumEvery();

    /** Transactions per key range for backfills that support slices; most rows then stay on their page (HOT). */
    @WithDefault("8")
    int slices();

    /** Sessions waiting on a lock above which a worker pauses ({@code BACKFILL_MAX_LOCK_WAITERS}). */
    @WithDefault("0")
    int maxLockWaiters();

    /** The age of the oldest open transaction above which a worker pauses ({@code BACKFILL_MAX_TRANSACTION_AGE}). */
    @WithDefault("PT5M")
    Duration maxTransactionAge();

    /** A replica's replay lag above which a worker pauses ({@code BACKFILL_MAX_REPLICATION_LAG}). */
    @WithDefault("PT10S")
    Duration maxReplicationLag();
}
