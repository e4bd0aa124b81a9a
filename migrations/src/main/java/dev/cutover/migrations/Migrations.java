package dev.cutover.migrations;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillOptions;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import java.sql.SQLException;

/** The service's Flyway migrations, shipped in this module under {@value #LOCATION}. */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    /**
     * Flyway's default on PostgreSQL holds its advisory lock inside a transaction, and {@code CREATE INDEX
     * CONCURRENTLY} waits for every open transaction to end, its own runner's included: it hangs forever. A session
     * lock avoids that.
     */
    public static final java.util.Map<String, String> PLAIN_SESSION_LOCK =
            java.util.Map.of("flyway.postgresql.transactional.lock", "false");

    private Migrations() {
    }

    /**
     * Applies the pending migrations to the database at {@code jdbcUrl} under the default guard, running required
     * backfills inline: how dev and test databases are brought up to date at start.
     */
    public static MigrationRun apply(String jdbcUrl, String user, String password) {
        ConnectionSource connections = () -> JdbcConnections.open(jdbcUrl, user, password);
        try {
            new BackfillJobs(connections).ensureSchema();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Cutover's backfill state: " + e.getMessage(), e);
        }
        return GuardedMigrator.configure()
                .dataSource(jdbcUrl, user, password)
                .gate(Backfills.runInline(connections, BackfillOptions.defaults()))
                .migrate();
    }
}
