package dev.cutover.migrations.cli;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.guard.MigrationBlockedException;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.lint.Linter;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Flyway locations, e.g. filesystem:/path (default: ${DEFAULT-VALUE})")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--target", paramLabel = "VERSION", description = "Stop after this version (default: all pending)")
    String target;

    @Mixin
    GuardOptions guard;

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

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

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
        CutoverProperties settings = guard.settings(locations);
        long inlineBelow = inlineBackfillBelow != null ? inlineBackfillBelow
                : settings.integer("migrate.inline-backfill-below").map(Integer::longValue).orElse(Backfills.INLINE_BELOW_ROWS);
        Consumer<String> notes = note -> err.println(LocalTime.now().format(CLOCK) + " " + note);
        BackfillWait gate = new BackfillWait(guard.gate(connections,
                Backfills.runInlineWhenSmall(connections, BackfillPacing.defaults(), inlineBelow, notes)),
                new BackfillJobs(connections), waitForBackfills, notes, () -> SchemaVersion.current(db, locations));
        GuardedMigrator migrator = GuardedMigrator.configure()
                .dataSource(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null))
                .locations(locations)
                .guard(guard.guard(settings))
                .blockers(guard.blockers(settings))
                .gate(gate)
                .target(target)
                .contractWait(guard.contractWait(settings), Linter.standard()::isContractStep)
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
                    out.println(RunReport.line(a));
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

    private static Map<String, Object> document(String status, List<MigrationRun.Applied> applied, String version,
                                                List<GuardEvent> events, String error, Map<String, Object> backfill) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("schema_version", version);
        doc.put("applied", RunReport.appliedJson(applied));
        doc.put("events", RunReport.eventsJson(events));
        if (backfill != null) {
            doc.put("backfill", backfill);
        }
        if (error != null) {
            doc.put("error", error);
        }
        return doc;
    }
}
