package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BackfillOptions;
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

    private final BackfillOptions options;

    public HealthCheck(BackfillOptions options) {
        this.options = options;
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
