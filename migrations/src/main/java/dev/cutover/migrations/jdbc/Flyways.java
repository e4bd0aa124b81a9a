package dev.cutover.migrations.jdbc;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The one place Cutover configures Flyway, so the guard, the probe and {@code cutover status} read history alike. */
public final class Flyways {

    /**
     * Flyway's default on PostgreSQL holds its advisory lock inside a transaction, and {@code CREATE INDEX
     * CONCURRENTLY} waits for every open transaction to end, its own runner's included: it hangs forever. A session
     * lock avoids that.
     */
    public static final Map<String, String> PLAIN_SESSION_LOCK = Map.of("flyway.postgresql.transactional.lock", "false");

    private Flyways() {
    }

    /**
     * Flyway on {@code jdbcUrl} with {@code locations}, its lock a session lock, classes and resources from {@code loader},
     * applying migrations out of order: a fix slotted before the step that needs it (V2.1 before V3) must also reach the
     * databases already past it, which Flyway would otherwise skip it on and then refuse to migrate.
     */
    public static FluentConfiguration configure(String jdbcUrl, String user, String password, List<String> locations,
                                                ClassLoader loader) {
        return Flyway.configure(loader)
                .dataSource(jdbcUrl, user, password)
                .locations(locations.toArray(String[]::new))
                .configuration(PLAIN_SESSION_LOCK)
                .outOfOrder(true);
    }

    /** Flyway on {@code target} with {@code locations}, loading from this library's class loader. */
    public static FluentConfiguration configure(DatabaseUrl target, List<String> locations) {
        return configure(target.jdbcUrl(), target.user().orElse(null), target.password().orElse(null), locations,
                Flyways.class.getClassLoader());
    }
}
