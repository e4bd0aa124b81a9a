package dev.cutover.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** The service's Flyway migrations, shipped in this module under {@value #LOCATION}. */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Applies the pending migrations to the database at {@code jdbcUrl}. */
    public static MigrateResult apply(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
