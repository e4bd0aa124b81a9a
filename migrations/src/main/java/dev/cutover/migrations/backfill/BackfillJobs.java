package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.JobStore;
import dev.cutover.migrations.backfill.internal.KeySpace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backfill jobs as tools see them: reads jobs and moves them between states, each call on a connection of its own
 * (the statements are {@link JobStore}'s). A state change
 * waits at most for the batch in flight (which holds the job row), so it takes effect before the next batch.
 */
public final class BackfillJobs {

    private final ConnectionSource connections;

    public BackfillJobs(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Creates {@code cutover.backfill_jobs} if missing. */
    public void ensureSchema() throws SQLException {
        try (Connection c = connections.open()) {
            JobStore.ensure(c);
        }
    }

    public Optional<BackfillStatus> get(String name) throws SQLException {
        try (Connection c = connections.open()) {
            JobStore.ensure(c);
            return JobStore.get(c, name);
        }
    }

    public List<BackfillStatus> list() throws SQLException {
        try (Connection c = connections.open()) {
            JobStore.ensure(c);
            return JobStore.list(c);
        }
    }

    /**
     * Makes the job runnable: creates it if new, else resumes it from its cursor (a completed job stays completed).
     */
    public BackfillStatus start(Backfill backfill, BackfillPacing options) throws SQLException {
        try (Connection c = connections.open()) {
            JobStore.ensure(c);
            long estimate = KeySpace.estimateRows(c, backfill.table());
            setLockTimeout(c);
            JobStore.start(c, backfill.name(), backfill.table(), options.initialBatchSize(), estimate);
        }
        return get(backfill.name()).orElseThrow();
    }

    /** Stops workers at their next batch; {@link #resume} continues from the cursor. */
    public BackfillStatus pause(String name) throws SQLException {
        return move(name, JobState.PAUSED, EnumSet.of(JobState.PENDING, JobState.RUNNING));
    }

    /** Makes a paused or failed job runnable again, from its cursor. */
    public BackfillStatus resume(String name) throws SQLException {
        return move(name, JobState.RUNNING, EnumSet.of(JobState.PAUSED, JobState.FAILED, JobState.RUNNING));
    }

    /** Ends the job for good at the next batch; rows done so far stay done. */
    public BackfillStatus cancel(String name) throws SQLException {
        return move(name, JobState.CANCELLED,
                EnumSet.of(JobState.PENDING, JobState.RUNNING, JobState.PAUSED, JobState.FAILED));
    }

    private BackfillStatus move(String name, JobState to, Set<JobState> from) throws SQLException {
        try (Connection c = connections.open()) {
            JobStore.ensure(c);
            setLockTimeout(c);
            if (!JobStore.move(c, name, to, from)) {
                BackfillStatus current = JobStore.get(c, name).orElseThrow(
                        () -> new IllegalArgumentException("no backfill job named " + name + " (start it first)"));
                throw new IllegalStateException("backfill " + name + " is " + current.state().dbValue()
                        + ": cannot make it " + to.dbValue());
            }
            return JobStore.get(c, name).orElseThrow();
        }
    }

    /** A batch holds the job row for at most its statement timeout; a state change waits that long, not forever. */
    private static void setLockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '30s'");
        }
    }
}
