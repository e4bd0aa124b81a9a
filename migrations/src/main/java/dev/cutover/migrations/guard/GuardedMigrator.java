package dev.cutover.migrations.guard;

import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.sql.SqlScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Flyway migrations one at a time under a {@link LockGuard}: every statement runs with lock_timeout and
 * statement_timeout, a migration that times out on a lock is rolled back and retried with backoff, and before every
 * attempt the sessions that would block it are found and, by {@link BlockerPolicy}, waited for, refused or cancelled.
 * This is the builder: {@link #build()} fixes its settings in a {@link GuardConfig}, {@link #migrate()} runs them.
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

    private String jdbcUrl;
    private String user;
    private String password;
    private List<String> locations = List.of(MigrationFiles.DEFAULT_LOCATION);
    private LockGuard guard = LockGuard.defaults();
    private BlockerPolicy policy = BlockerPolicy.WAIT;
    private BackfillGate gate = BackfillGate.noneConfigured();
    private String target;
    private Duration contractWait = Duration.ZERO;
    private Predicate<SqlScript> contractStep = script -> false;
    private Consumer<GuardEvent> listener = event -> LOG.info("{}", event.describe());
    private ClassLoader classLoader = GuardedMigrator.class.getClassLoader();
    private Map<String, String> flywayProperties = Map.of();

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

    /**
     * Before a contract step (one that drops or renames: {@code contractStep} says which scripts are, e.g. the
     * linter's {@code Linter.standard()::isContractStep}), when an earlier step of this run changed the schema and
     * other sessions are connected to the database, wait this long first, so running services that re-read the
     * catalog switch to what the earlier step built before this one removes what they used (they read it every
     * {@link SchemaRefresh#INTERVAL}; {@link SchemaRefresh#CONTRACT_WAIT} allows for that). By default nothing waits.
     */
    public GuardedMigrator contractWait(Duration wait, Predicate<SqlScript> contractStep) {
        this.contractWait = Objects.requireNonNull(wait);
        this.contractStep = Objects.requireNonNull(contractStep);
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
    public GuardedMigrator flywayProperties(Map<String, String> properties) {
        this.flywayProperties = Map.copyOf(properties);
        return this;
    }

    public GuardedMigrator classLoader(ClassLoader classLoader) {
        this.classLoader = Objects.requireNonNull(classLoader);
        return this;
    }

    /** The settings as they stand now; later calls on this builder do not change them. */
    public GuardConfig build() {
        return new GuardConfig(jdbcUrl, user, password, locations, guard, policy, gate, target, contractWait,
                contractStep, listener, classLoader, flywayProperties);
    }

    /**
     * Applies the pending migrations up to the target, each under the guard; throws {@link MigrationBlockedException}
     * when blockers outlast a migration's budget, and stops at the first failure with earlier migrations kept.
     */
    public MigrationRun migrate() {
        return new GuardedRun(build()).migrate();
    }
}
