package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.JobState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The DDL and row mapping of {@code cutover.backfill_jobs}, the one table every worker and tool shares. */
public final class JobTable {

    public static final String COLUMNS = "name, status, cursor, rows_done, keys_scanned, rows_estimated, batch_size, "
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

    private JobTable() {
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

    public static BackfillStatus read(ResultSet rs) throws SQLException {
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
