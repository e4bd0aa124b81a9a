package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.guard.BackfillGate;
import dev.cutover.migrations.guard.BlockerPolicy;
import dev.cutover.migrations.guard.LockGuard;
import dev.cutover.migrations.guard.SchemaRefresh;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that applies migrations ({@code migrate}, {@code adopt}): the guard, the blocker
 * policy, the contract wait and the backfill mode, each from its option, else from {@code cutover.properties}, else
 * its default.
 */
public final class GuardOptions {

    @Option(names = "--lock-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a statement may wait for a lock (default: 100ms)")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a statement may run (default: 15m)")
    Duration statementTimeout;

    @Option(names = "--retry-budget", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time each migration may spend waiting for blockers and retrying (default: 10m)")
    Duration retryBudget;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per migration (default: 50)")
    Integer maxAttempts;

    @Option(names = "--backoff-floor", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Shortest sleep between attempts, so the queue an attempt built drains (default: 1s)")
    Duration backoffFloor;

    @Option(names = "--backoff-max", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Longest sleep between attempts (default: 30s)")
    Duration backoffMax;

    @Option(names = "--blockers", paramLabel = "POLICY",
            description = "Sessions that would block a migration: wait (default), refuse, cancel (cancels their queries, "
                    + "terminates them when idle in a transaction), or ignore (retry loop only)")
    BlockerPolicy blockers;

    @Option(names = "--blocker-age", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A session counts as a blocker once its transaction is this old (default: 1s)")
    Duration blockerAge;

    @Option(names = "--contract-wait", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A contract step (it drops or renames) right after another step of the same run waits this "
                    + "long first when other sessions are connected, so running services switch to what the earlier "
                    + "step built (they re-read the catalog every " + SchemaRefresh.INTERVAL_SECONDS + "s); 0 never "
                    + "waits (default: " + SchemaRefresh.CONTRACT_WAIT_SECONDS + "s)")
    Duration contractWait;

    @Option(names = "--backfills", paramLabel = "MODE",
            description = "A migration marked '-- cutover:requires-backfill NAME': require (default) stops before it "
                    + "until the backfill completed (run it with 'cutover backfill start NAME' or the service's "
                    + "workers; where the command offers --inline-backfill-below, a small table's backfill runs here); "
                    + "run runs the backfill here first, in the foreground, whatever the table's size")
    BackfillMode backfills = BackfillMode.REQUIRE;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: ./cutover.properties, "
            + "else cutover.properties in the migrations folder); options given here override it")
    Path config;

    /** What a migration that needs a backfill does. */
    enum BackfillMode {
        REQUIRE, RUN
    }

    /**
     * The settings file {@code --config} names, else {@code ./cutover.properties}, else the one in the first
     * {@code filesystem:} folder of {@code locations}.
     */
    public CutoverProperties settings(List<String> locations) {
        return CutoverProperties.find(config, locations);
    }

    /** The guard: each setting from its option, else from {@code settings}, else the default. */
    public LockGuard guard(CutoverProperties settings) {
        LockGuard d = LockGuard.defaults();
        Duration floor = pick(backoffFloor, settings.duration("guard.backoff-floor"), d.backoffFloor());
        Duration ceiling = pick(backoffMax, settings.duration("guard.backoff-max"), d.backoffCeiling());
        return d.withLockTimeout(pick(lockTimeout, settings.duration("guard.lock-timeout"), d.lockTimeout()))
                .withStatementTimeout(pick(statementTimeout, settings.duration("guard.statement-timeout"),
                        d.statementTimeout()))
                .withRetryBudget(pick(retryBudget, settings.duration("guard.retry-budget"), d.retryBudget()))
                .withMaxAttempts(pick(maxAttempts, settings.integer("guard.max-attempts"), d.maxAttempts()))
                .withBackoff(floor, ceiling)
                .withBlockerAge(pick(blockerAge, settings.duration("guard.blocker-age"), d.blockerAge()));
    }

    /** What is done about blocking sessions: {@code --blockers}, else {@code guard.blockers}, else wait. */
    public BlockerPolicy blockers(CutoverProperties settings) {
        Optional<BlockerPolicy> configured = settings.get("guard.blockers")
                .map(b -> BlockerPolicy.valueOf(b.toUpperCase(Locale.ROOT)));
        return pick(blockers, configured, BlockerPolicy.WAIT);
    }

    /**
     * The wait before a contract step: {@code --contract-wait}, else {@code migrate.contract-wait}, else
     * {@link SchemaRefresh#CONTRACT_WAIT}.
     */
    public Duration contractWait(CutoverProperties settings) {
        return pick(contractWait, settings.duration("migrate.contract-wait"), SchemaRefresh.CONTRACT_WAIT);
    }

    /** In mode run, a gate running each backfill here on {@code connections}; in mode require, {@code required}. */
    public BackfillGate gate(ConnectionSource connections, BackfillGate required) {
        return backfills == BackfillMode.RUN ? Backfills.runInline(connections, BackfillPacing.defaults()) : required;
    }

    private static <T> T pick(T option, Optional<T> configured, T fallback) {
        return option != null ? option : configured.orElse(fallback);
    }
}
