package dev.cutover.migrations.cli;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.guard.MigrationBlockedException;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.sql.Durations;
import java.sql.SQLException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover migrate}: applies pending migrations under the lock guard. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending migrations, each guarded: lock_timeout and statement_timeout on every statement,",
                "rollback and retry with backoff on lock timeout, and blockers found (and waited for) before each attempt.",
                "Exit codes: 0 applied, 1 failed, 3 gave up on blockers within the budget (nothing of that migration applied)."})
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
        GuardedMigrator migrator = GuardedMigrator.configure()
                .dataSource(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null))
                .locations(locations)
                .guard(guard.guard())
                .blockers(guard.blockers())
                .gate(guard.gate(connections))
                .target(target)
                .listener(event -> {
                    events.add(event);
                    if (format == OutputFormat.TEXT) {
                        err.println(LocalTime.now().format(CLOCK) + " " + event.describe());
                    }
                });
        try {
            MigrationRun run = migrator.migrate();
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document("ok", run.applied(), run.schemaVersion(), events, null));
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
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document("failed", List.of(), null, events, e.getMessage()));
            }
            err.println("cutover: " + e.getMessage().lines().findFirst().orElse(""));
            return e instanceof MigrationBlockedException ? 3 : 1;
        }
    }

    private static Map<String, Object> document(String status, List<MigrationRun.Applied> applied, String version,
                                                List<GuardEvent> events, String error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("schema_version", version);
        doc.put("applied", GuardOptions.appliedJson(applied));
        doc.put("events", GuardOptions.eventsJson(events));
        if (error != null) {
            doc.put("error", error);
        }
        return doc;
    }
}
