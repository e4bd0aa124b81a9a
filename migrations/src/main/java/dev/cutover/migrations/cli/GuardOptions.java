package dev.cutover.migrations.cli;

import dev.cutover.migrations.guard.BackfillGate;
import dev.cutover.migrations.guard.BlockerPolicy;
import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.LockGuard;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.backfill.BackfillOptions;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The guard's options, shared by every command that changes the schema ({@code migrate}, {@code adopt}). */
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
    BlockerPolicy blockers = BlockerPolicy.WAIT;

    @Option(names = "--blocker-age", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A session counts as a blocker once its transaction is this old (default: 1s)")
    Duration blockerAge;

    @Option(names = "--backfills", paramLabel = "MODE",
            description = "A migration marked '-- cutover:requires-backfill NAME': require (default) refuses it until "
                    + "the backfill completed (run it with 'cutover backfill start NAME' or the service's workers); "
                    + "run runs the backfill here first, in the foreground")
    BackfillMode backfills = BackfillMode.REQUIRE;

    /** What a migration that needs a backfill does. */
    enum BackfillMode {
        REQUIRE, RUN
    }

    /** The guard these options describe: the defaults with every option given applied. */
    public LockGuard guard() {
        LockGuard g = LockGuard.defaults();
        if (lockTimeout != null) {
            g = g.withLockTimeout(lockTimeout);
        }
        if (statementTimeout != null) {
            g = g.withStatementTimeout(statementTimeout);
        }
        if (retryBudget != null) {
            g = g.withRetryBudget(retryBudget);
        }
        if (maxAttempts != null) {
            g = g.withMaxAttempts(maxAttempts);
        }
        if (backoffFloor != null || backoffMax != null) {
            g = g.withBackoff(backoffFloor != null ? backoffFloor : g.backoffFloor(),
                    backoffMax != null ? backoffMax : g.backoffCeiling());
        }
        if (blockerAge != null) {
            g = g.withBlockerAge(blockerAge);
        }
        return g;
    }

    public BlockerPolicy blockers() {
        return blockers;
    }

    /** The backfill gate {@code --backfills} asks for, running backfills on {@code connections} in mode run. */
    public BackfillGate gate(ConnectionSource connections) {
        return backfills == BackfillMode.RUN ? Backfills.runInline(connections, BackfillOptions.defaults())
                : Backfills.requireCompleted();
    }

    /** Applied migrations as the {@code applied} array of a command's JSON document. */
    static List<Map<String, Object>> appliedJson(List<MigrationRun.Applied> applied) {
        return applied.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", a.version());
            m.put("description", a.description());
            m.put("attempts", a.attempts());
            m.put("took_ms", a.took().toMillis());
            m.put("waited_for_blockers_ms", a.waitedForBlockers().toMillis());
            return m;
        }).toList();
    }

    /** The guard's events as the {@code events} array of a command's JSON document. */
    static List<Map<String, Object>> eventsJson(List<GuardEvent> events) {
        return events.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("kind", e.kind().name().toLowerCase());
            m.put("version", e.version());
            m.put("attempt", e.attempt());
            m.put("elapsed_ms", e.elapsed().toMillis());
            m.put("message", e.message());
            m.put("blockers", e.blockers().stream().map(b -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("pid", b.pid());
                x.put("user", b.user());
                x.put("application", b.application());
                x.put("state", b.state());
                x.put("transaction_age_ms", b.transactionAge().toMillis());
                x.put("lock_modes", b.lockModes());
                x.put("relations", b.relations());
                x.put("query", b.query());
                return x;
            }).toList());
            return m;
        }).toList();
    }
}
