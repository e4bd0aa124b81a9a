package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.jdbc.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The owner of {@code cutover.backfill_jobs}, the one table every worker and tool shares: its DDL, its row mapping and
 * every statement that reads or changes it. Each method runs on the connection it is given, in its transaction.
 */
public final class JobStore {

    private static final String COLUMNS = "name, status, cursor, rows_done, keys_scanned, rows_estimated, batch_size, "
            + "batches, last_batch_ms, throttle, started_at, updated_at, finished_at, last_error, attempts";

    /** Serializes concurrent first runs: two {@code CREATE ... IF NOT EXISTS} at once can still collide. */
    private static final long DDL_LOCK = 0x637574_0001L;

    private static final String DDL = """
            CREATE SCHEMA IF NOT EXISTS cutover;
            CREATE TABLE IF NOT EXISTS cutover.backfill_jobs (
                name           text        PRIMARY KEY,
                status         text        NOT NULL CHECK (status IN
                                   ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled')),
                table_name     text        NOT NULL,
                cursor         text,
                rows_done      bigint      NOT NULL DEFAULT 0,
                keys_scanned   bigint      NOT NULL DEFAULT 0,
                rows_estimated bigint      NOT NULL DEFAULT 0,
                batch_size     integer     NOT NULL,
                batches        bigint      NOT NULL DEFAULT 0,
                last_batch_ms  integer     NOT NULL DEFAULT 0,
                throttle       text,
                started_at     timestamptz,
                updated_at     timestamptz NOT NULL DEFAULT now(),
                finished_at    timestamptz,
                last_error     text,
                attempts       integer     NOT NULL DEFAULT 0,
                range_end      text,
                range_keys     bigint,
                slice          integer     NOT NULL DEFAULT 0
            );
            -- The range of the slices in progress (NULL between ranges) and the next slice; added after 0.1.
            ALTER TABLE cutover.backfill_jobs ADD COLUMN IF NOT EXISTS range_end text,
                ADD COLUMN IF NOT EXISTS range_keys bigint,
                ADD COLUMN IF NOT EXISTS slice integer NOT NULL DEFAULT 0;
            """;

    private JobStore() {
    }

    /**
     * Creates the schema and table if missing, or adds the columns a table from an earlier version lacks; safe to call
     * from many processes at once. When the table is current it runs no DDL, so a role without CREATE rights (the
     * service's, in production) can call it too.
     */
    public static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_attribute "
                     + "WHERE attrelid = to_regclass('cutover.backfill_jobs') AND attname = 'slice')")) {
            if (rs.next() && rs.getBoolean(1)) {
                return;
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            s.execute(DDL);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The job's row, if it exists. */
    public static Optional<BackfillStatus> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cutover.backfill_jobs WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Every job, by name. */
    public static List<BackfillStatus> list(Connection c) throws SQLException {
        List<BackfillStatus> jobs = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM cutover.backfill_jobs ORDER BY name")) {
            while (rs.next()) {
                jobs.add(read(rs));
            }
        }
        return jobs;
    }

    /** The job's state; empty when it has no row or the table does not exist yet (nothing ever ran). */
    public static Optional<JobState> state(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM cutover.backfill_jobs WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobState.fromDb(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            if (!SqlStates.UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Creates the job running, or makes an existing one running again from its cursor; a completed job stays so. */
    public static void start(Connection c, String name, String table, int batchSize, long rowsEstimated)
            throws SQLException {
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
            ps.setString(1, name);
            ps.setString(2, table);
            ps.setInt(3, batchSize);
            ps.setLong(4, rowsEstimated);
            ps.executeUpdate();
        }
    }

    /** Moves the job to {@code to} if it is in one of {@code from}; false when it is not (or does not exist). */
    public static boolean move(Connection c, String name, JobState to, Set<JobState> from) throws SQLException {
        String allowed = from.stream().map(s -> "'" + s.dbValue() + "'").sorted().collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET status = ?, "
                + "attempts = CASE WHEN ? = 'running' THEN 0 ELSE attempts END, throttle = NULL, updated_at = now(), "
                + "finished_at = CASE WHEN ? = 'cancelled' THEN now() END "
                + "WHERE name = ? AND status IN (" + allowed + ")")) {
            ps.setString(1, to.dbValue());
            ps.setString(2, to.dbValue());
            ps.setString(3, to.dbValue());
            ps.setString(4, name);
            return ps.executeUpdate() > 0;
        }
    }

    /** Where a job is, read with its row locked for one batch. */
    public record Claim(JobState state, String cursor, int batchSize, String rangeEnd, long rangeKeys, int slice) {
    }

    /**
     * Locks the job's row for this transaction's batch; null when another worker's batch holds it (or it is gone:
     * {@link #exists} tells which).
     */
    public static Claim claim(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, cursor, batch_size, range_end, range_keys, "
                + "slice FROM cutover.backfill_jobs WHERE name = ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Claim(JobState.fromDb(rs.getString(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getLong(5), rs.getInt(6));
            }
        }
    }

    public static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cutover.backfill_jobs WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Ends the job completed: no keys are left after its cursor. */
    public static void complete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET status = 'completed', "
                + "finished_at = now(), updated_at = now(), throttle = NULL, last_error = NULL, attempts = 0, "
                + "range_end = NULL, range_keys = NULL, slice = 0 WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /**
     * What one committed batch moves the job to: the cursor, the range in progress (null between ranges) and its next
     * slice, and the counters to add.
     */
    public record Progress(String cursor, String rangeEnd, Long rangeKeys, int slice, long rows, long keys,
                           int batchMillis, int nextBatchSize) {
    }

    /** Records a batch, in the batch's own transaction, so the cursor and the rows move together. */
    public static void advance(Connection c, String name, Progress p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET cursor = ?, "
                + "range_end = ?, range_keys = ?, slice = ?, "
                + "rows_done = rows_done + ?, keys_scanned = keys_scanned + ?, batches = batches + 1, "
                + "last_batch_ms = ?, batch_size = ?, attempts = 0, last_error = NULL, throttle = NULL, "
                + "updated_at = now() WHERE name = ?")) {
            ps.setString(1, p.cursor());
            ps.setString(2, p.rangeEnd());
            if (p.rangeKeys() == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, p.rangeKeys());
            }
            ps.setInt(4, p.slice());
            ps.setLong(5, p.rows());
            ps.setLong(6, p.keys());
            ps.setInt(7, p.batchMillis());
            ps.setInt(8, p.nextBatchSize());
            ps.setString(9, name);
            ps.executeUpdate();
        }
    }

    /**
     * Counts a failed batch of a running job, with its error and the next batch size; with {@code dropRange} the range
     * in progress is forgotten too; the job ends failed when this was attempt {@code maxAttempts}.
     */
    public static void recordFailure(Connection c, String name, String error, int nextBatchSize, boolean dropRange,
                                     int maxAttempts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET attempts = attempts + 1, "
                + "last_error = ?, batch_size = ?, updated_at = now(), "
                + (dropRange ? "range_end = NULL, range_keys = NULL, slice = 0, " : "")
                + "status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END, "
                + "finished_at = CASE WHEN attempts + 1 >= ? THEN now() ELSE finished_at END "
                + "WHERE name = ? AND status = 'running'")) {
            ps.setString(1, error);
            ps.setInt(2, nextBatchSize);
            ps.setInt(3, maxAttempts);
            ps.setInt(4, maxAttempts);
            ps.setString(5, name);
            ps.executeUpdate();
        }
    }

    /** Notes why the workers back off ({@code reason}), or that they no longer do (null), on a running job. */
    public static void throttle(Connection c, String name, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(reason == null
                ? "UPDATE cutover.backfill_jobs SET throttle = NULL WHERE name = ? AND status = 'running'"
                : "UPDATE cutover.backfill_jobs SET throttle = ?, updated_at = now() WHERE name = ? AND status = 'running'")) {
            int i = 1;
            if (reason != null) {
                ps.setString(i++, reason);
            }
            ps.setString(i, name);
            ps.executeUpdate();
        }
    }

    private static BackfillStatus read(ResultSet rs) throws SQLException {
        return new BackfillStatus(rs.getString("name"), JobState.fromDb(rs.getString("status")),
                Optional.ofNullable(rs.getString("cursor")), rs.getLong("rows_done"), rs.getLong("keys_scanned"),
                rs.getLong("rows_estimated"), rs.getInt("batch_size"), rs.getLong("batches"),
                rs.getInt("last_batch_ms"), Optional.ofNullable(rs.getString("throttle")),
                instant(rs.getTimestamp("started_at")), rs.getTimestamp("updated_at").toInstant(),
                instant(rs.getTimestamp("finished_at")), Optional.ofNullable(rs.getString("last_error")),
                rs.getInt("attempts"));
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
