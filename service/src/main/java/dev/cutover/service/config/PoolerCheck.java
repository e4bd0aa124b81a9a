package dev.cutover.service.config;

import dev.cutover.migrations.jdbc.SharedSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Why the service must not start with the pooler its settings name, or with the one it finds in front of PostgreSQL. */
final class PoolerCheck {

    private PoolerCheck() {
    }

    static Optional<String> refusal(String setting, boolean migrateAtStart, JdbcDatabase database) {
        Optional<Pooler> pooler = Pooler.of(setting);
        if (pooler.isEmpty()) {
            return Optional.of(Pooler.VARIABLE + "=" + setting + " names no pooler: use none (the default) or transaction "
                    + "(PgBouncer in transaction mode).");
        }
        if (pooler.get() == Pooler.TRANSACTION) {
            return migrateAtStart
                    ? Optional.of("MIGRATE_AT_START=true with " + Pooler.VARIABLE + "=transaction: migrations need a "
                    + "direct connection to PostgreSQL. Run `cutover migrate` (the migration Job) against PostgreSQL "
                    + "itself, and start the service with MIGRATE_AT_START=false.")
                    : Optional.empty();
        }
        try (Connection a = database.open("cutover-pooler-check"); Connection b = database.open("cutover-pooler-check")) {
            return SharedSessions.evidence(a, b).map(evidence -> "DATABASE_URL goes through a pooler in transaction or "
                    + "statement mode (" + evidence + "), where prepared statements and session settings do not survive "
                    + "from one transaction to the next: set " + Pooler.VARIABLE + "=transaction.");
        } catch (SQLException e) {
            // An unreachable database is reported where the service first needs it, with the usual message.
            return Optional.empty();
        }
    }
}
