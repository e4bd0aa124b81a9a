package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.JobTable;
import dev.cutover.migrations.backfill.internal.KeySpace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backfill state store, {@code cutover.backfill_jobs}: reads jobs and moves them between states. A state change
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
            JobTable.ensure(c);
        }
    }

    public Optional<BackfillStatus> get(String name) throws SQLException {
        try (Connection c = connections.open()) {
            JobTable.ensure(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + JobTable.COLUMNS + " FROM cutover.backfill_jobs WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobTable.read(rs)) : Optional.empty();
                }
            }
        }
    }

    public List<BackfillStatus> list() throws SQLException {
        try (Connection c = connections.open()) {
            JobTable.ensure(c);
            List<BackfillStatus> jobs = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + JobTable.COLUMNS + " FROM cutover.backfill_jobs ORDER BY name")) {
                while (rs.next()) {
                    jobs.add(JobTable.read(rs));
                }
            }
            return jobs;
        }
    }

    /**
     * Makes the job runnable: creates it if new, else resumes it from its cursor (a completed job stays completed).
     */
    public BackfillStatus start(Backfill backfill, BackfillOptions options) throws SQLException {
        try (Connection c = connections.open()) {
            JobTable.ensure(c);
            long estimate = KeySpace.estimateRows(c, backfill.table());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cutover.backfill_jobs (name, status, table_name, batch_size, rows_estimated, started_at)
                    VALUES (?, 'running', ?, ?, ?, now())
                    ON CONFLICT (name) DO UPDATE SET
                        status = CASE WHEN backfill_jobs.status = 'completed' THEN 'completed' ELSE 'running' END,
                        attempts = CASE WHEN backfill_jobs.status = 'completed' THEN backfill_jobs.attempts ELSE 0 END,
                        started_at = coalesce(backfill_jobs.started_at, now()),
                        finished_at = CASE WHEN backfill_jobs.status = 'completed' THEN backfill_jobs.finished_at END,
                        rows_estimated = greatest(backfill_jobs.rows_estimated, excluded.rows_estimated),
                        updated_at = now()
                    """)) {
                setLockTimeout(c);
                ps.setString(1, backfill.name());
                ps.setString(2, backfill.table());
                ps.setInt(3, options.initialBatchSize());
                ps.setLong(4, estimate);
                ps.executeUpdate();
            }
        }
        return get(backfill.name()).orElseThrow();
    }

    /** Stops workers at their next batch; {@link #resume} continues from the cursor. */
    public BackfillStatus pause(String name) throws SQLException {
        return move(name, JobState.PAUSED, "status IN ('pending', 'running')");
    }

    /** Makes a paused or failed job runnable again, from its cursor. */
    public BackfillStatus resume(String name) throws SQLException {
        return move(name, JobState.RUNNING, "status IN ('paused', 'failed', 'running')");
    }

    /** Ends the job for good at the next batch; rows done so far stay done. */
    public BackfillStatus cancel(String name) throws SQLException {
        return move(name, JobState.CANCELLED, "status IN ('pending', 'running', 'paused', 'failed')");
    }

    private BackfillStatus move(String name, JobState to, String allowedFrom) throws SQLException {
        try (Connection c = connections.open()) {
            JobTable.ensure(c);
            setLockTimeout(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET status = ?, "
                    + "attempts = CASE WHEN ? = 'running' THEN 0 ELSE attempts END, throttle = NULL, updated_at = now(), "
                    + "finished_at = CASE WHEN ? = 'cancelled' THEN now() END "
                    + "WHERE name = ? AND " + allowedFrom)) {
                ps.setString(1, to.dbValue());
                ps.setString(2, to.dbValue());
                ps.setString(3, to.dbValue());
                ps.setString(4, name);
                if (ps.executeUpdate() == 0) {
                    BackfillStatus current = get(name).orElseThrow(
                            () -> new IllegalArgumentException("no backfill job named " + name + " (start it first)"));
                    throw new IllegalStateException("backfill " + name + " is " + current.state().dbValue()
                            + ": cannot make it " + to.dbValue());
                }
            }
        }
        return get(name).orElseThrow();
    }

    /** A batch holds the job row for at most its statement timeout; a state change waits that long, not forever. */
    private static void setLockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '30s'");
        }
    }
}
