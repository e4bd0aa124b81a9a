package dev.cutover.migrations.backfill;

import java.util.Locale;

/** Where a backfill job is, as stored in {@code cutover.backfill_jobs.status}. */
public enum JobState {
    /** Registered, never started. */
    PENDING,
    /** Runnable: any worker may take its next batch. */
    RUNNING,
    PAUSED,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** True for the states no worker leaves on its own. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
