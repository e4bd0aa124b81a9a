package dev.cutover.migrations.guard;

import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.jdbc.JdbcConnections;
import dev.cutover.migrations.sql.DurationText;
import dev.cutover.migrations.sql.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A guarded run's settings, fixed once {@link GuardedMigrator#build()} made them: where the database and the
 * migrations are, the guard, the blocker policy, the backfill gate, the target version and who hears the events.
 *
 * @param target           the last version to apply (inclusive), null for all pending
 * @param contractWait     how long a contract step waits when an earlier step of the same run changed the schema
 *                         and other sessions are connected (zero: not at all)
 * @param contractStep     which scripts are contract steps
 * @param flywayProperties further Flyway properties, e.g. a history table of the migrations' own
 */
public record GuardConfig(String jdbcUrl, String user, String password, List<String> locations, LockGuard guard,
                          BlockerPolicy policy, BackfillGate gate, String target, Duration contractWait,
                          Predicate<SqlScript> contractStep, Consumer<GuardEvent> listener, ClassLoader classLoader,
                          Map<String, String> flywayProperties) {

    /** The application_name of the sessions that apply migrations; the pre-flight's adds {@code -preflight}. */
    public static final String APPLICATION_NAME = "cutover-migrate";

    public GuardConfig {
        Objects.requireNonNull(jdbcUrl, "no data source configured");
        locations = List.copyOf(locations);
        Objects.requireNonNull(guard);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(gate);
        Objects.requireNonNull(contractStep);
        if (contractWait.isNegative()) {
            throw new IllegalArgumentException("the contract wait must not be negative");
        }
        Objects.requireNonNull(listener);
        Objects.requireNonNull(classLoader);
        flywayProperties = Map.copyOf(flywayProperties);
    }

    /** Flyway on this run's database and locations, every session under {@code g}'s timeouts, up to {@code targetVersion}. */
    FluentConfiguration flyway(LockGuard g, String targetVersion) {
        FluentConfiguration config = Flyways.configure(jdbcUrl, user, password, locations, classLoader)
                .initSql("SET lock_timeout = '" + DurationText.setting(g.lockTimeout()) + "'; "
                        + "SET statement_timeout = '" + DurationText.setting(g.statementTimeout()) + "'; "
                        + "SET application_name = '" + APPLICATION_NAME + "'");
        if (!flywayProperties.isEmpty()) {
            config.configuration(flywayProperties);
        }
        if (targetVersion != null) {
            config.target(targetVersion);
        }
        return config;
    }

    /** The pre-flight's own session: it reads pg_stat_activity and drops invalid indexes, never waiting long on a lock. */
    Connection openObserver() throws SQLException {
        Connection c = JdbcConnections.open(jdbcUrl, user, password);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + APPLICATION_NAME + "-preflight'");
            s.execute("SET lock_timeout = '" + DurationText.setting(guard.lockTimeout()) + "'");
        }
        return c;
    }

    @Override
    public String toString() {
        return "GuardConfig[" + jdbcUrl + ", user " + user + ", locations " + locations + ", " + guard + ", blockers "
                + policy + ", target " + target + "]";
    }
}
