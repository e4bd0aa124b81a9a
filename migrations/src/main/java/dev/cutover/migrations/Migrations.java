package dev.cutover.migrations;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.jdbc.JdbcConnections;
import dev.cutover.migrations.sql.MigrationFiles;
import java.sql.SQLException;
import java.util.Map;

/** The service's Flyway migrations, shipped in this module under {@value #LOCATION}, and the ways to apply them. */
public final class Migrations {

    public static final String LOCATION = MigrationFiles.DEFAULT_LOCATION;

    /** Flyway's lock as a session lock, which {@code CREATE INDEX CONCURRENTLY} needs; see {@link Flyways}. */
    public static final Map<String, String> PLAIN_SESSION_LOCK = Flyways.PLAIN_SESSION_LOCK;

    private Migrations() {
    }

    /**
     * A guarded runner for {@code jdbcUrl} whose migrations that need a backfill run only once it has completed (the
     * production default: workers run the backfill, the migration waits for it).
     */
    public static GuardedMigrator guarded(String jdbcUrl, String user, String password) {
        return GuardedMigrator.configure().dataSource(jdbcUrl, user, password).gate(Backfills.requireCompleted());
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
        return guarded(jdbcUrl, user, password)
                .gate(Backfills.runInline(connections, BackfillPacing.defaults()))
                .migrate();
    }
}
