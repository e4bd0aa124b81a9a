package dev.cutover.migrations.cli;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillOptions;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.guard.BlockerPolicy;
import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.guard.LockGuard;
import dev.cutover.migrations.guard.MigrationBlockedException;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.lint.Linter;
import dev.cutover.migrations.sql.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover migrate}: applies pending migrations under the lock guard. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending migrations, each guarded: lock_timeout and statement_timeout on every statement,",
                "rollback and retry with backoff on lock timeout, and blockers found (and waited for) before each attempt.",
                "Exit codes: 0 applied, 1 failed, 3 gave up on blockers within the budget (nothing of that migration applied),",
                "4 stopped at a backfill gate (the migrations before it applied; migrate again once the backfill completed)."})
public final class MigrateCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Five of the service's catalog refreshes (SchemaFeatures, every second). */
    static final Duration DEFAULT_CONTRACT_WAIT = Duration.ofSeconds(5);

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Flyway locations, e.g. filesystem:/path (default: ${DEFAULT-VALUE})")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--target", paramLabel = "VERSION", description = "Stop after this version (default: all pending)")
    String target;

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

    @Option(names = "--backfills", paramLabel = "MODE",
            description = "A migration marked '-- cutover:requires-backfill NAME': require (default) runs the backfill "
                    + "here when its table is small (see --inline-backfill-below) and otherwise refuses the migration "
                    + "until the backfill completed (run it with 'cutover backfill start NAME' or the service's workers); "
                    + "run runs the backfill here first, in the foreground, whatever the table's size")
    BackfillMode backfills = BackfillMode.REQUIRE;

    @Option(names = "--inline-backfill-below", paramLabel = "ROWS",
            description = "With --backfills require, a required backfill whose table has fewer rows than this runs "
                    + "inline, and says so (0: never; default: ${DEFAULT-VALUE}, and a new database has none)")
    Long inlineBackfillBelow;

    @Option(names = "--wait-for-backfills", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A required backfill too large to run inline: mark it running for the service's backfill "
                    + "workers (unless it already started) and wait up to DURATION for them to complete it, with its "
                    + "progress on stderr, then migrate on; if it is not completed by then, stop at its gate (exit 4). "
                    + "0: do not wait (default)")
    Duration waitForBackfills = Duration.ZERO;

    @Option(names = "--contract-wait", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A contract step (it drops or renames) right after another step of the same run waits this "
                    + "long first when other sessions are connected, so running services switch to what the earlier "
                    + "step built (the service re-reads the catalog every second); 0 never waits (default: 5s)")
    Duration contractWait;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: ./cutover.properties, "
            + "else cutover.properties in the migrations folder); options given here override it")
    Path config;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    /** What a migration that needs a backfill does. */
    enum BackfillMode {
        REQUIRE, RUN
    }

    @Override
    public Integer call() {
        DatabaseUrl db = connection.target();
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<GuardEvent> events = new ArrayList<>();
        ConnectionSource connections = connection::connect;
        try {
            // Cutover's own state table, created by the migration role so the service's role needs no DDL right.
            new BackfillJobs(connections).ensureSchema();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create cutover.backfill_jobs: " + e.getMessage(), e);
        }
        Backfills.loadBeside(locations);
        CutoverConfig settings = CutoverConfig.find(config, locations);
        long inlineBelow = inlineBackfillBelow != null ? inlineBackfillBelow
                : settings.integer("migrate.inline-backfill-below").map(Integer::longValue).orElse(Backfills.INLINE_BELOW_ROWS);
        BlockerPolicy policy = blockers != null ? blockers : settings.get("guard.blockers")
                .map(b -> BlockerPolicy.valueOf(b.toUpperCase(Locale.ROOT))).orElse(BlockerPolicy.WAIT);
        Consumer<String> notes = note -> err.println(LocalTime.now().format(CLOCK) + " " + note);
        BackfillWait gate = new BackfillWait(backfills == BackfillMode.RUN
                ? Backfills.runInline(connections, BackfillOptions.defaults())
                : Backfills.runInlineWhenSmall(connections, BackfillOptions.defaults(), inlineBelow, notes),
                new BackfillJobs(connections), waitForBackfills, notes, () -> SchemaVersion.current(db, locations));
        GuardedMigrator migrator = GuardedMigrator.configure()
                .dataSource(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null))
                .locations(locations)
                .guard(guard(settings))
                .blockers(policy)
                .gate(gate)
                .target(target)
                .contractWait(pick(contractWait, settings.duration("migrate.contract-wait"), DEFAULT_CONTRACT_WAIT),
                        Linter.standard()::isContractStep)
                .listener(event -> {
                    events.add(event);
                    if (format == OutputFormat.TEXT) {
                        err.println(LocalTime.now().format(CLOCK) + " " + event.describe());
                    }
                });
        try {
            MigrationRun run = migrator.migrate();
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document("ok", run.applied(), run.schemaVersion(), events, null, null));
            } else if (run.applied().isEmpty()) {
                out.println("Nothing to migrate; schema at version " + run.schemaVersion());
            } else {
                for (MigrationRun.Applied a : run.applied()) {
                    out.printf("V%-4s %-45s %d attempt(s), %s (waited %s for blockers)%n", a.version(), a.description(),
                            a.attempts(), Durations.human(a.took()), Durations.human(a.waitedForBlockers()));
                }
                out.println("Applied " + run.applied().size() + " migration(s); schema at version " + run.schemaVersion());
            }
            return 0;
        } catch (MigrationBlockedException | IllegalStateException e) {
            Optional<BackfillWait.Stop> stop = gate.stop();
            String version = SchemaVersion.current(db, locations).orElse(null);
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document(stop.isPresent() ? "waiting_for_backfill" : "failed", List.of(), version,
                        events, e.getMessage(), stop.map(MigrateCommand::backfillJson).orElse(null)));
            }
            // One line, which a release script or a person reads to know where the database was left.
            err.println("cutover: " + e.getMessage().lines().findFirst().orElse("") + stop.map(s -> " [stopped at the gate "
                    + "of backfill " + s.name() + "; schema at version " + (version == null ? "none" : version)
                    + ", safe to serve; migrate again to continue]").orElse(""));
            if (stop.isPresent()) {
                return 4;
            }
            return e instanceof MigrationBlockedException ? 3 : 1;
        }
    }

    /** The backfill a run stopped at, as {@code backfill status --format json} shows it (only its name if it never ran). */
    private static Map<String, Object> backfillJson(BackfillWait.Stop stop) {
        return stop.job().map(BackfillStatusCommand::toJson).orElseGet(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", stop.name());
            m.put("status", null);
            return m;
        });
    }

    /** The guard: each setting from its option, else from the config file, else the default. */
    private LockGuard guard(CutoverConfig settings) {
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

    private static <T> T pick(T option, Optional<T> configured, T fallback) {
        return option != null ? option : configured.orElse(fallback);
    }

    private static Map<String, Object> document(String status, List<MigrationRun.Applied> applied, String version,
                                                List<GuardEvent> events, String error, Map<String, Object> backfill) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("schema_version", version);
        List<Map<String, Object>> done = new ArrayList<>();
        for (MigrationRun.Applied a : applied) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", a.version());
            m.put("description", a.description());
            m.put("attempts", a.attempts());
            m.put("took_ms", a.took().toMillis());
            m.put("waited_for_blockers_ms", a.waitedForBlockers().toMillis());
            done.add(m);
        }
        doc.put("applied", done);
        List<Map<String, Object>> log = new ArrayList<>();
        for (GuardEvent e : events) {
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
            log.add(m);
        }
        doc.put("events", log);
        if (backfill != null) {
            doc.put("backfill", backfill);
        }
        if (error != null) {
            doc.put("error", error);
        }
        return doc;
    }
}
