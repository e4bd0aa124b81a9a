package dev.cutover.migrations.guard;

import dev.cutover.migrations.jdbc.SharedSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One guarded run over a fixed {@link GuardConfig}: the pending migrations in order, each as a {@link GuardedStep}. */
final class GuardedRun {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRun.class);

    private final GuardConfig config;

    GuardedRun(GuardConfig config) {
        this.config = config;
    }

    MigrationRun migrate() {
        List<GuardEvent> events = new ArrayList<>();
        Consumer<GuardEvent> record = event -> {
            events.add(event);
            config.listener().accept(event);
        };
        List<MigrationRun.Applied> applied = new ArrayList<>();
        try (Connection observer = config.openObserver()) {
            refuseSharedSessions(observer);
            Flyway plain = config.flyway(config.guard(), config.target()).load();
            repairFailedMigrations(plain);
            MigrationInfo latest = plain.info().current();
            for (MigrationInfo info : pending(plain)) {
                boolean outOfOrder = latest != null && latest.getVersion() != null
                        && info.getVersion().compareTo(latest.getVersion()) < 0;
                applied.add(new GuardedStep(config, info, observer, record, !applied.isEmpty(), outOfOrder).run());
            }
            MigrationInfo current = config.flyway(config.guard(), null).load().info().current();
            return new MigrationRun(applied, events,
                    current == null || current.getVersion() == null ? null : current.getVersion().getVersion());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    /**
     * The guard's lock_timeout and Flyway's session lock are session state: through a pooler that shares server
     * sessions they would land on other clients' sessions, and the guard would not hold.
     */
    private void refuseSharedSessions(Connection observer) throws SQLException {
        try (Connection second = config.openObserver()) {
            Optional<String> evidence = SharedSessions.evidence(observer, second);
            if (evidence.isPresent()) {
                throw new IllegalStateException("migrations need a direct connection to PostgreSQL, and this one goes "
                        + "through a pooler in transaction or statement mode (" + evidence.get() + "): its session "
                        + "settings, the guard's lock_timeout among them, would reach other clients' sessions. Connect "
                        + "to PostgreSQL itself (port 5432, not PgBouncer's) for migrate and adopt.");
            }
        }
    }

    private List<MigrationInfo> pending(Flyway flyway) {
        String target = config.target();
        return Arrays.stream(flyway.info().pending())
                .filter(m -> m.getVersion() != null)
                .filter(m -> target == null || m.getVersion().compareTo(MigrationVersion.fromVersion(target)) <= 0)
                .toList();
    }

    /**
     * Removes every FAILED row from Flyway's history, which would block every later run. Such a row comes from a
     * migration that failed outside a transaction, in practice a concurrent index build, whose only leftover in the
     * schema is an INVALID index that the next attempt drops and rebuilds, so the row can go.
     */
    private static void repairFailedMigrations(Flyway flyway) {
        boolean failed = Arrays.stream(flyway.info().all()).anyMatch(m -> m.getState() == MigrationState.FAILED);
        if (failed) {
            LOG.warn("Removing the FAILED entry an interrupted migration left in Flyway's history; it is retried now");
            flyway.repair();
        }
    }
}
