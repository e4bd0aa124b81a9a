package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.UserSeeder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The run every seeder shares: find how many seeded rows an earlier run committed, then copy the rest in chunks of
 * one transaction each, then refresh the statistics. What is copied, and where, is the {@link Target}'s.
 */
public final class ChunkedSeed {

    static final Duration ANALYZE_WAIT = Duration.ofMinutes(1);

    /** A seeder's own part: its rows' ids, its temporary tables and hashes, and how it copies one chunk. */
    public interface Target {

        /** Selects one row by id (its one parameter), to find the seeded prefix. */
        String probeSql();

        /** The id seeded row {@code n} has. */
        UUID id(long n);

        /** Creates the temporary tables (ON COMMIT DELETE ROWS) and whatever a run needs once, such as hashes. */
        Chunks prepare(Connection connection) throws SQLException;

        /** Statements after the last chunk: drop the temporary tables. */
        List<String> cleanup();

        /** Statements run at the end in a transaction of their own that may wait for its locks, such as ANALYZE. */
        List<String> analyze();
    }

    /** Copies rows {@code from..to} (1-based, inclusive) and returns how many new users went in. */
    @FunctionalInterface
    public interface Chunks {
        long copy(CopyManager copy, long from, long to) throws SQLException;
    }

    private ChunkedSeed() {
    }

    public static UserSeeder.Result run(Connection connection, long users, int chunk, UserSeeder.Progress progress,
                                        Target target) throws SQLException {
        long started = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long already = CopyRows.seededPrefix(connection, target.probeSql(), target::id, users);
            connection.commit();
            long inserted = 0;
            if (already < users) {
                Chunks chunks = target.prepare(connection);
                connection.commit();
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (long from = already + 1; from <= users; from += chunk) {
                    long to = Math.min(users, from + chunk - 1);
                    inserted += chunks.copy(copy, from, to);
                    connection.commit();
                    progress.seeded(to, users);
                }
                execute(connection, target.cleanup());
                connection.commit();
                analyze(connection, target.analyze());
            }
            return new UserSeeder.Result(users, already, inserted, Duration.ofNanos(System.nanoTime() - started),
                    false);
        } catch (SQLException | RuntimeException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Runs the statements (ANALYZE) in a transaction of their own that waits for its locks up to {@link #ANALYZE_WAIT}:
     * the autovacuum the rows just written set off holds the lock ANALYZE needs, and PostgreSQL cancels an autovacuum
     * only for a lock request still waiting after {@code deadlock_timeout} (1 s by default), which a role's short
     * {@code lock_timeout} (the migrator's 100 ms) would end first, failing a seed whose rows are all in. The lock is
     * one ordinary reads and writes never wait for.
     */
    private static void analyze(Connection connection, List<String> statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + ANALYZE_WAIT.toMillis() + "ms'");
        }
        execute(connection, statements);
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
