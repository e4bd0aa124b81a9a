package dev.cutover.migrations;

import dev.cutover.migrations.internal.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Flyway migrations one at a time under a {@link LockGuard}: every statement runs with lock_timeout and
 * statement_timeout, a migration that times out on a lock is rolled back and retried with backoff, and before every
 * attempt the sessions that would block it are found and, by {@link BlockerPolicy}, waited for, refused or cancelled.
 *
 * <pre>{@code
 * MigrationRun run = GuardedMigrator.configure()
 *         .dataSource(jdbcUrl, user, password)
 *         .guard(LockGuard.defaults().withLockTimeout(Duration.ofMillis(100)))
 *         .migrate();
 * }</pre>
 */
public final class GuardedMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedMigrator.class);
    static final String APPLICATION_NAME = "cutover-migrate";

    private String jdbcUrl;
    private String user;
    private String password;
    private List<String> locations = List.of(Migrations.LOCATION);
    private LockGuard guard = LockGuard.defaults();
    private BlockerPolicy policy = BlockerPolicy.WAIT;
    private BackfillGate gate = BackfillGate.requireCompleted();
    private String target;
    private Consumer<GuardEvent> listener = event -> LOG.info("{}", event.describe());
    private ClassLoader classLoader = GuardedMigrator.class.getClassLoader();
    private java.util.Map<String, String> flywayProperties = java.util.Map.of();

    private GuardedMigrator() {
    }

    public static GuardedMigrator configure() {
        return new GuardedMigrator();
    }

    public GuardedMigrator dataSource(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        return this;
    }

    /** Flyway locations, e.g. {@code classpath:db/migration} (the default) or {@code filesystem:/path}. */
    public GuardedMigrator locations(List<String> locations) {
        this.locations = List.copyOf(locations);
        return this;
    }

    public GuardedMigrator guard(LockGuard guard) {
        this.guard = Objects.requireNonNull(guard);
        return this;
    }

    public GuardedMigrator blockers(BlockerPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
        return this;
    }

    public GuardedMigrator gate(BackfillGate gate) {
        this.gate = Objects.requireNonNull(gate);
        return this;
    }

    /** Stop after this version (inclusive); all pending migrations when not set. */
    public GuardedMigrator target(String version) {
        this.target = version;
        return this;
    }

    /** Receives every {@link GuardEvent} as it happens; the default logs it. */
    public GuardedMigrator listener(Consumer<GuardEvent> listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * Further Flyway properties ({@code flyway.table}, {@code flyway.baselineOnMigrate}, ...), e.g. for a set of
     * migrations with a history table of its own.
     */
    public GuardedMigrator flywayProperties(java.util.Map<String, String> properties) {
        this.flywayProperties = java.util.Map.copyOf(properties);
        return this;
    }

    public GuardedMigrator classLoader(ClassLoader classLoader) {
        this.classLoader = Objects.requireNonNull(classLoader);
        return this;
    }

    /**
     * Applies the pending migrations up to the target, each under the guard; throws {@link MigrationBlockedException}
     * when blockers outlast a migration's budget, and stops at the first failure with earlier migrations kept.
     */
    public MigrationRun migrate() {
        Objects.requireNonNull(jdbcUrl, "no data source configured");
        List<GuardEvent> events = new ArrayList<>();
        Consumer<GuardEvent> record = event -> {
            events.add(event);
            listener.accept(event);
        };
        List<MigrationRun.Applied> applied = new ArrayList<>();
        try (Connection observer = open()) {
            Flyway plain = flyway(guard, target).load();
            repairInterruptedConcurrentBuilds(plain);
            for (MigrationInfo info : pending(plain)) {
                GuardedStep step = new GuardedStep(this, info, observer, record);
                applied.add(step.run());
            }
            MigrationInfo current = flyway(guard, null).load().info().current();
            return new MigrationRun(applied, events,
                    current == null || current.getVersion() == null ? null : current.getVersion().getVersion());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    private List<MigrationInfo> pending(Flyway flyway) {
        return Arrays.stream(flyway.info().pending())
                .filter(m -> m.getVersion() != null)
                .filter(m -> target == null || m.getVersion().compareTo(MigrationVersion.fromVersion(target)) <= 0)
                .toList();
    }

    /**
     * A concurrent index build that failed outside a transaction leaves a FAILED row in Flyway's history, which blocks
     * every later run. Its only leftover in the schema is an INVALID index, which the next attempt drops and rebuilds,
     * so the row can go.
     */
    private void repairInterruptedConcurrentBuilds(Flyway flyway) {
        boolean failed = Arrays.stream(flyway.info().all()).anyMatch(m -> m.getState() == MigrationState.FAILED);
        if (failed) {
            LOG.warn("Removing the FAILED entry an interrupted migration left in Flyway's history; it is retried now");
            flyway.repair();
        }
    }

    FluentConfiguration flyway(LockGuard g, String targetVersion) {
        FluentConfiguration config = Flyway.configure(classLoader)
                .dataSource(jdbcUrl, user, password)
                .locations(locations.toArray(String[]::new))
                .configuration(Migrations.PLAIN_SESSION_LOCK)
                .configuration(flywayProperties)
                .initSql("SET lock_timeout = '" + Durations.setting(g.lockTimeout()) + "'; "
                        + "SET statement_timeout = '" + Durations.setting(g.statementTimeout()) + "'; "
                        + "SET application_name = '" + APPLICATION_NAME + "'");
        if (targetVersion != null) {
            config.target(targetVersion);
        }
        return config;
    }

    Connection open() throws SQLException {
        Connection c = JdbcConnections.open(jdbcUrl, user, password);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + APPLICATION_NAME + "-preflight'");
            s.execute("SET lock_timeout = '" + Durations.setting(guard.lockTimeout()) + "'");
        }
        return c;
    }

    LockGuard guard() {
        return guard;
    }

    BlockerPolicy policy() {
        return policy;
    }

    BackfillGate gate() {
        return gate;
    }

    List<String> locations() {
        return locations;
    }

    ClassLoader classLoader() {
        return classLoader;
    }
}
