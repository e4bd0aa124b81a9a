package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.jdbc.SqlStates;
import dev.cutover.migrations.seed.UserSeeder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk load of empty tables, in one transaction: lock them, make sure they are empty, set their indexes and the
 * foreign keys referencing them aside ({@link IndexesSetAside}), TRUNCATE them so that {@code COPY ... WITH (FREEZE)}
 * writes frozen, all-visible pages, COPY each table's rows in one binary stream, rebuild the indexes and keys,
 * ANALYZE, commit. A failure or a kill at any point rolls everything back: the tables are empty again and a re-run
 * starts over.
 */
public final class EmptyTableLoad {

    /** Bytes of COPY data sent per write; large enough that the per-call cost vanishes. */
    private static final int BATCH_BYTES = 1 << 20;
    /** Waiting longer for the lock means someone uses the table: the chunked path, which needs no such lock, is kinder. */
    private static final String LOCK_TIMEOUT = "5s";
    /** The index builds sort the whole table; more memory means fewer passes (the session's setting only). */
    private static final String MAINTENANCE_WORK_MEM = "1GB";

    /** The seeder's own part of the load, prepared once the tables are locked, empty and bare. */
    public interface Target {

        /**
         * Adjusts the bare tables for the COPYs (within the transaction: the rollback undoes it) and returns them, one
         * per table in the order of the tables; {@link Copy#restore} undoes the adjustments before the indexes are rebuilt.
         */
        List<Copy> prepare(Connection connection) throws SQLException;
    }

    /**
     * One COPY: its statement ({@code WITH (FORMAT binary, FREEZE)}), how seeded user {@code n}'s rows are written
     * (the stream's header and trailer are the load's), and what to undo afterwards.
     */
    public interface Copy {

        String sql();

        /** Writes the rows of seeded user {@code n} (one user, or its items) and returns how many. */
        int rows(long n, CopyBinary out);

        void restore(Connection connection) throws SQLException;
    }

    private EmptyTableLoad() {
    }

    /**
     * Loads seeded users 1..{@code users} into {@code tables} (names as SQL writes them) if they are all empty and
     * their locks can be had within a few seconds; otherwise changes nothing and returns empty, for the caller to
     * seed the chunked way.
     */
    public static Optional<UserSeeder.Result> run(Connection connection, List<String> tables, long users,
                                                  UserSeeder.Progress progress, Target target) throws SQLException {
        long started = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        String all = String.join(", ", tables);
        try {
            List<IndexesSetAside> aside = new ArrayList<>();
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                s.execute("LOCK TABLE " + all + " IN ACCESS EXCLUSIVE MODE");
                for (String table : tables) {
                    if (!isEmpty(s, table)) {
                        connection.rollback();
                        return Optional.empty();
                    }
                }
                // The tables of foreign keys referencing these get an ACCESS EXCLUSIVE lock too, in the same timeout.
                for (String table : tables) {
                    aside.add(IndexesSetAside.drop(connection, table));
                }
                s.execute("TRUNCATE " + all);
                s.execute("SET LOCAL maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
            } catch (SQLException e) {
                if (!SqlStates.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback();
                return Optional.empty();
            }
            List<Copy> copies = target.prepare(connection);
            if (copies.size() != tables.size()) {
                throw new IllegalStateException(copies.size() + " COPYs for " + tables.size() + " tables");
            }
            for (int i = 0; i < copies.size(); i++) {
                progress.phase("copy " + tables.get(i));
                copyAll(connection, copies.get(i), users, progress);
            }
            for (Copy copy : copies) {
                copy.restore(connection);
            }
            progress.phase("indexes");
            for (IndexesSetAside indexes : aside) {
                indexes.rebuild(connection);
            }
            try (Statement s = connection.createStatement()) {
                // Fresh statistics: the keyset listing's count is the planner's estimate.
                s.execute("ANALYZE " + all);
            }
            connection.commit();
            progress.seeded(users, users);
            return Optional.of(new UserSeeder.Result(users, 0, users, Duration.ofNanos(System.nanoTime() - started),
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

    private static void copyAll(Connection connection, Copy copy, long users, UserSeeder.Progress progress)
            throws SQLException {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy.sql());
        try {
            CopyBinary out = new CopyBinary(BATCH_BYTES + (BATCH_BYTES >> 2));
            out.header();
            long written = 0;
            for (long n = 1; n <= users; n++) {
                written += copy.rows(n, out);
                if (out.size() >= BATCH_BYTES) {
                    in.writeToCopy(out.bytes(), 0, out.size());
                    out.clear();
                    if (n < users) {
                        progress.seeded(n, users);
                    }
                }
            }
            out.trailer();
            in.writeToCopy(out.bytes(), 0, out.size());
            long copied = in.endCopy();
            if (copied != written) {
                throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + written);
            }
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
