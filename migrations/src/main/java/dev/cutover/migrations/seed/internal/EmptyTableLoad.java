package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.UserSeeder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk load of an empty table, in one transaction: lock the table, make sure it is empty, set its indexes and the
 * foreign keys referencing it aside ({@link IndexesSetAside}), TRUNCATE it so that {@code COPY ... WITH (FREEZE)}
 * writes frozen, all-visible pages, COPY every row in one binary stream, rebuild the indexes, ANALYZE, commit. A failure or a
 * kill at any point rolls everything back: the table is empty again and a re-run starts over.
 */
public final class EmptyTableLoad {

    /** Bytes of COPY text sent per write; large enough that the per-call cost vanishes. */
    private static final int BATCH_BYTES = 1 << 20;
    /** Waiting longer for the table's lock means someone uses it: the chunked path, which needs no such lock, is kinder. */
    private static final String LOCK_TIMEOUT = "5s";
    /** The index builds sort the whole table; more memory means fewer passes (the session's setting only). */
    private static final String MAINTENANCE_WORK_MEM = "1GB";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The seeder's own part of the load, prepared once the table is locked, empty and bare. */
    public interface Target {

        /**
         * Adjusts the bare table for the COPY (within the transaction: the rollback undoes it) and returns what the
         * COPY sends; {@link Copy#restore} undoes the adjustments before the indexes are rebuilt.
         */
        Copy prepare(Connection connection) throws SQLException;
    }

    /**
     * One COPY: its statement ({@code WITH (FORMAT binary, FREEZE)}), how row {@code n} is written (the stream's
     * header and trailer are the load's), and what to undo afterwards.
     */
    public interface Copy {

        String sql();

        void row(long n, CopyBinary out);

        void restore(Connection connection) throws SQLException;
    }

    private EmptyTableLoad() {
    }

    /**
     * Loads rows 1..{@code rows} into {@code table} if it is empty and its lock can be had within a few seconds;
     * otherwise changes nothing and returns empty, for the caller to seed the chunked way.
     */
    public static Optional<UserSeeder.Result> run(Connection connection, String table, long rows,
                                                  UserSeeder.Progress progress, Target target) throws SQLException {
        long started = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            IndexesSetAside aside;
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                if (!isEmpty(s, table)) {
                    connection.rollback();
                    return Optional.empty();
                }
                // The foreign keys' tables get an ACCESS EXCLUSIVE lock too, within the same timeout.
                aside = IndexesSetAside.drop(connection, table);
                s.execute("TRUNCATE " + table);
                s.execute("SET LOCAL maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback();
                return Optional.empty();
            }
            Copy copy = target.prepare(connection);
            progress.phase("copy");
            copyAll(connection, copy, rows, progress);
            copy.restore(connection);
            progress.phase("indexes");
            aside.rebuild(connection);
            try (Statement s = connection.createStatement()) {
                // Fresh statistics: the keyset listing's count is the planner's estimate.
                s.execute("ANALYZE " + table);
            }
            connection.commit();
            progress.seeded(rows, rows);
            return Optional.of(new UserSeeder.Result(rows, 0, rows, Duration.ofNanos(System.nanoTime() - started),
                    true));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean isEmpty(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void copyAll(Connection connection, Copy copy, long rows, UserSeeder.Progress progress)
            throws SQLException {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy.sql());
        try {
            CopyBinary out = new CopyBinary(BATCH_BYTES + (BATCH_BYTES >> 2));
            out.header();
            for (long n = 1; n <= rows; n++) {
                copy.row(n, out);
                if (out.size() >= BATCH_BYTES) {
                    in.writeToCopy(out.bytes(), 0, out.size());
                    out.clear();
                    if (n < rows) {
                        progress.seeded(n, rows);
                    }
                }
            }
            out.trailer();
            in.writeToCopy(out.bytes(), 0, out.size());
            long copied = in.endCopy();
            if (copied != rows) {
                throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + rows);
            }
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
