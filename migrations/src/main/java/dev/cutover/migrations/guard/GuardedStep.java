package dev.cutover.migrations.guard;

import dev.cutover.migrations.guard.internal.InvalidIndexes;
import dev.cutover.migrations.guard.internal.Sessions;
import dev.cutover.migrations.jdbc.SqlStates;
import dev.cutover.migrations.sql.Directives;
import dev.cutover.migrations.sql.DurationText;
import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.sql.ScriptAnalysis;
import dev.cutover.migrations.sql.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationInfo;

/** One migration under the guard: gate, pre-flight, attempt, and on lock timeout rollback, backoff and retry. */
final class GuardedStep {

    private static final Duration POLL = Duration.ofMillis(250);

    private final GuardConfig config;
    private final MigrationInfo info;
    private final Connection observer;
    private final Consumer<GuardEvent> events;
    private final String version;
    private final Sessions sessions;
    private final boolean afterAnEarlierStep;
    private final boolean outOfOrder;
    private final Instant start = Instant.now();
    private LockGuard guard;
    private ScriptAnalysis script;
    private boolean contract;
    private Duration waited = Duration.ZERO;
    private int attempt;

    /**
     * {@code afterAnEarlierStep}: a migration was applied before this one in the same run; {@code outOfOrder}: its
     * version is below the database's latest applied one.
     */
    GuardedStep(GuardConfig config, MigrationInfo info, Connection observer, Consumer<GuardEvent> events,
                boolean afterAnEarlierStep, boolean outOfOrder) {
        this.config = config;
        this.info = info;
        this.observer = observer;
        this.events = events;
        this.version = info.getVersion().getVersion();
        this.sessions = new Sessions(observer);
        this.afterAnEarlierStep = afterAnEarlierStep;
        this.outOfOrder = outOfOrder;
    }

    MigrationRun.Applied run() throws SQLException {
        String sql = MigrationFiles.read(info.getScript(), info.getPhysicalLocation(), config.locations(),
                config.classLoader());
        List<String> backfills;
        try {
            SqlScript parsed = SqlScript.parse(sql);
            Directives directives = Directives.of(parsed);
            directives.requireKnown();
            guard = config.guard().overriddenBy(directives);
            backfills = directives.requiredBackfills();
            script = ScriptAnalysis.of(parsed);
            contract = config.contractStep().test(parsed);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        for (String backfill : backfills) {
            try {
                config.gate().awaitComplete(backfill, observer);
            } catch (RuntimeException e) {
                throw fail(e.getMessage());
            }
        }
        awaitSwitchBeforeContract();
        Instant deadline = start.plus(guard.retryBudget());
        while (true) {
            preflight(deadline);
            attempt++;
            emit(GuardEvent.Kind.ATTEMPT, "applying " + info.getDescription() + " with lock_timeout "
                    + DurationText.human(guard.lockTimeout()) + ", statement_timeout "
                    + DurationText.human(guard.statementTimeout()), List.of());
            try {
                apply();
                emit(GuardEvent.Kind.APPLIED,
                        "applied in " + DurationText.human(Duration.between(start, Instant.now())), List.of());
                return new MigrationRun.Applied(version, info.getDescription(), attempt,
                        Duration.between(start, Instant.now()), waited);
            } catch (RuntimeException | SQLException e) {
                SQLException lockTimeout = SqlStates.find(e, SqlStates.LOCK_NOT_AVAILABLE);
                if (lockTimeout == null) {
                    SQLException cause = SqlStates.find(e, null);
                    throw fail("failed, nothing of it applied" + (script.concurrent() ? " but an invalid index, which the next run rebuilds" : "")
                            + ": " + (cause != null ? cause.getMessage().lines().findFirst().orElse("") + " [SQLSTATE "
                            + cause.getSQLState() + "]" : String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
                }
                if (script.concurrent()) {
                    // Outside a transaction Flyway recorded the attempt as FAILED; the retry drops its INVALID index.
                    config.flyway(guard, version).load().repair();
                }
                List<Blocker> holders = sessions.blockers(script.relations(), Duration.ZERO, script.concurrent());
                emit(GuardEvent.Kind.LOCK_TIMEOUT, "lock_timeout (" + DurationText.human(guard.lockTimeout())
                        + ") hit, rolled back; holding locks then:", holders);
                if (attempt >= guard.maxAttempts()) {
                    throw blocked("gave up after " + attempt + " attempts (--max-attempts)", holders);
                }
                Duration sleep = guard.backoff().after(attempt);
                if (Instant.now().plus(sleep).isAfter(deadline)) {
                    throw blocked("gave up after " + attempt + " attempts: the retry budget of "
                            + DurationText.human(guard.retryBudget()) + " is spent", holders);
                }
                emit(GuardEvent.Kind.BACKOFF, "retrying in " + DurationText.human(sleep), List.of());
                sleep(sleep);
            }
        }
    }

    /**
     * A step that drops what an earlier step of this run replaced would otherwise follow it within milliseconds, before
     * connected services noticed the replacement (at 2M users that turned every login into a table scan). With nobody
     * else connected, as in a fresh database, there is no one to wait for.
     */
    private void awaitSwitchBeforeContract() throws SQLException {
        if (!contract || !afterAnEarlierStep || config.contractWait().isZero()) {
            return;
        }
        List<String> clients = sessions.otherClients();
        if (clients.isEmpty()) {
            return;
        }
        emit(GuardEvent.Kind.CONTRACT_WAIT, "contract step right after an earlier one: waiting "
                + DurationText.human(config.contractWait()) + " so connected services see that step first ("
                + String.join(", ", clients) + ")", List.of());
        sleep(config.contractWait());
    }

    private void apply() throws SQLException {
        if (script.concurrent()) {
            for (String index : InvalidIndexes.find(observer, script.concurrentIndexes(), script.relations())) {
                InvalidIndexes.drop(observer, index);
                emit(GuardEvent.Kind.INVALID_INDEX_DROPPED, "dropped INVALID index " + index
                        + " left by an interrupted concurrent build; building it again", List.of());
            }
        }
        // Flyway warns on every migrate run out of order; only a step below the applied ones needs it.
        config.flyway(guard, version).outOfOrder(outOfOrder).load().migrate();
        if (script.concurrent()) {
            List<String> invalid = InvalidIndexes.find(observer, script.concurrentIndexes(), script.relations());
            if (!invalid.isEmpty()) {
                throw new IllegalStateException("index " + String.join(", ", invalid) + " is INVALID after the build");
            }
        }
    }

    /** Before an attempt: finds sessions that would block it and applies the policy; returns when none are left. */
    private void preflight(Instant deadline) throws SQLException {
        if (config.policy() == BlockerPolicy.IGNORE) {
            return;
        }
        Instant began = Instant.now();
        Set<Integer> reported = Set.of();
        boolean found = false;
        try {
            while (true) {
                List<Blocker> blockers = sessions.blockers(script.relations(), guard.blockerAge(), script.concurrent());
                if (blockers.isEmpty()) {
                    return;
                }
                found = true;
                Set<Integer> pids = blockers.stream().map(Blocker::pid).collect(Collectors.toSet());
                if (!pids.equals(reported)) {
                    emit(GuardEvent.Kind.BLOCKERS_FOUND, "would be blocked by " + blockers.size() + " session(s); "
                            + switch (config.policy()) {
                                case WAIT -> "waiting for them to end without queueing a lock request";
                                case REFUSE -> "refusing to start (--blockers refuse)";
                                default -> "cancelling them (--blockers cancel)";
                            }, blockers);
                    reported = pids;
                }
                if (config.policy() == BlockerPolicy.REFUSE) {
                    throw blocked("refused: blocking sessions are running (--blockers refuse)", blockers);
                }
                if (config.policy() == BlockerPolicy.CANCEL) {
                    emit(GuardEvent.Kind.BLOCKERS_CANCELLED, String.join("; ", sessions.cancel(blockers)), blockers);
                }
                if (Instant.now().plus(POLL).isAfter(deadline)) {
                    throw blocked("gave up: still blocked when the retry budget of "
                            + DurationText.human(guard.retryBudget()) + " was spent", blockers);
                }
                sleep(POLL);
            }
        } finally {
            if (found) {
                waited = waited.plus(Duration.between(began, Instant.now()));
            }
        }
    }

    private MigrationBlockedException blocked(String why, List<Blocker> blockers) {
        String first = blockers.isEmpty() ? "" : "; blocked by " + blockers.get(0).describe()
                + (blockers.size() > 1 ? " and " + (blockers.size() - 1) + " more" : "");
        String message = "V" + version + " " + info.getDescription() + ": " + why + first;
        emit(GuardEvent.Kind.FAILED, why, blockers);
        return new MigrationBlockedException(message, blockers);
    }

    private IllegalStateException fail(String why) {
        emit(GuardEvent.Kind.FAILED, why, List.of());
        return new IllegalStateException("V" + version + " " + info.getDescription() + ": " + why);
    }

    private void emit(GuardEvent.Kind kind, String message, List<Blocker> blockers) {
        events.accept(new GuardEvent(Instant.now(), kind, version, attempt, Duration.between(start, Instant.now()),
                message, List.copyOf(blockers)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
