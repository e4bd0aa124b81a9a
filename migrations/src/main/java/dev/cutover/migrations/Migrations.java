package dev.cutover.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

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

    /** Applies the pending migrations to the database at {@code jdbcUrl}. */
    public static MigrateResult apply(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .configuration(PLAIN_SESSION_LOCK)
                .load()
                .migrate();
    }
}
