package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillPacing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The database signals a worker backs off on, read before each batch: sessions of this database waiting on a lock,
 * the oldest transaction of this database holding back vacuum, and the replay lag of the replicas (if any).
 */
public final class HealthCheck {

    private static final String QUERY = """
            SELECT
              (SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()),
              (SELECT coalesce(extract(epoch FROM max(clock_timestamp() - xact_start)), 0) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                  AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)),
              (SELECT coalesce(extract(epoch FROM max(replay_lag)), 0) FROM pg_stat_replication)
            """;

    /**
     * Whether this session's role sees what {@link #QUERY} reads. Without {@code pg_read_all_stats} (or superuser)
     * PostgreSQL shows another role's sessions with NULL wait events, transaction starts and xmin, and the replicas'
     * lag as NULL, so every signal would read healthy whatever is happening.
     */
    private static final String SEES_SIGNALS = """
            SELECT current_user, rolsuper OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
              FROM pg_roles WHERE rolname = current_user
            """;

    private final BackfillPacing options;

    public HealthCheck(BackfillPacing options) {
        this.options = options;
    }

    /** What is hidden from this session's role and the grant that shows it, or empty when the signals are visible. */
    public static Optional<String> hiddenSignals(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SEES_SIGNALS)) {
            if (!rs.next() || rs.getBoolean(2)) {
                return Optional.empty();
            }
            String role = rs.getString(1);
            return Optional.of("role " + role + " cannot see other roles' sessions or the replicas' lag, so the backfill's"
                    + " throttles (lock waiters, old transactions, replica lag) would read healthy whatever happens;"
                    + " run GRANT pg_read_all_stats TO " + quoteIdentifier(role) + " (infra/postgres/roles.sql does)");
        }
    }

    private static String quoteIdentifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Why the worker should wait now, or empty when the database is healthy. */
    public Optional<String> reasonToWait(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            long lockWaiters = rs.getLong(1);
            double oldestTransaction = rs.getDouble(2);
            double replicationLag = rs.getDouble(3);
            if (lockWaiters > options.maxLockWaiters()) {
                return Optional.of(lockWaiters + " session(s) waiting on locks");
            }
            if (oldestTransaction * 1000 > options.maxTransactionAge().toMillis()) {
                return Optional.of(String.format("a transaction open for %.0f s holds back vacuum", oldestTransaction));
            }
            if (replicationLag * 1000 > options.maxReplicationLag().toMillis()) {
                return Optional.of(String.format("replication lag %.1f s", replicationLag));
            }
            return Optional.empty();
        }
    }
}
