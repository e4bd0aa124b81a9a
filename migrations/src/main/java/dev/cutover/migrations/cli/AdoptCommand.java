package dev.cutover.migrations.cli;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.guard.MigrationBlockedException;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.adopt.AdoptionRun;
import dev.cutover.migrations.adopt.Recognition;
import dev.cutover.migrations.adopt.TemplateAdoption;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.lint.Linter;
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

/** {@code cutover adopt}: takes over a FastAPI-template database, expand phase first, contract when asked. */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = {"Take over a database built by the FastAPI template (Alembic head fe56fa70289e) without an outage.",
                "--check only recognises it. Without options: the expand phase (tables renamed to Cutover's behind",
                "views with the old names, then Cutover's migrations), each step guarded like 'migrate'; the old",
                "service keeps working. --contract --confirm, once the old service is gone, drops what it needed.",
                "Exit codes: 0 done (or nothing to do, or adoptable with --check), 1 refused or failed, 3 gave up on",
                "blockers within the budget. Resumable: run it again after any failure."})
public final class AdoptCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--check", description = "Only recognise the database and say how far it is; change nothing")
    boolean check;

    @Option(names = "--contract", description = "Run the contract steps (drop the compatibility views and the "
            + "template's email index); needs --confirm")
    boolean contract;

    @Option(names = "--confirm", description = "With --contract: the old service is stopped for good")
    boolean confirm;

    @Option(names = "--force", description = "With --contract: go on even while sessions still use the template's "
            + "tables (they will fail)")
    boolean force;

    @Mixin
    GuardOptions guard;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    @Override
    public Integer call() {
        DatabaseUrl db = connection.target();
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<Map<String, Object>> events = new ArrayList<>();
        CutoverProperties settings = guard.settings(List.of());
        TemplateAdoption adoption = TemplateAdoption.configure()
                .dataSource(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null))
                .guard(guard.guard(settings))
                .blockers(guard.blockers(settings))
                .gate(guard.gate(connection::connect, Backfills.requireCompleted()))
                .contractWait(guard.contractWait(settings), Linter.standard()::isContractStep)
                .listener((track, event) -> {
                    Map<String, Object> json = new LinkedHashMap<>(RunReport.eventJson(event));
                    json.put("set", track.name().toLowerCase());
                    events.add(json);
                    if (format == OutputFormat.TEXT) {
                        err.println(LocalTime.now().format(CLOCK) + " " + label(track) + event.describe());
                    }
                });
        if (check) {
            Recognition r = adoption.check();
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, recognition(r));
            } else {
                printRecognition(out, r);
            }
            if (!r.adoptable()) {
                err.println("cutover: " + r.summary());
            }
            return r.adoptable() ? 0 : 1;
        }
        if (contract && !confirm) {
            String why = "adopt --contract drops the views \"user\" and item and the index ix_user_email, after which "
                    + "the old service cannot run: once it is stopped for good, run it again with --confirm";
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, Map.of("status", "refused", "error", why));
            }
            err.println("cutover: " + why);
            return 1;
        }
        try {
            AdoptionRun run = contract ? adoption.contract(force) : adoption.expand();
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document("ok", run, events, null));
            } else {
                printRun(out, run);
            }
            return 0;
        } catch (MigrationBlockedException | IllegalStateException e) {
            if (format == OutputFormat.JSON) {
                JsonOutput.print(out, document("failed", null, events, e.getMessage()));
            }
            err.println("cutover: " + e.getMessage().lines().findFirst().orElse(""));
            return e instanceof MigrationBlockedException ? 3 : 1;
        }
    }

    private static String label(TemplateAdoption.Track track) {
        return track == TemplateAdoption.Track.ADOPT ? "adopt " : "";
    }

    private static void printRecognition(PrintStream out, Recognition r) {
        out.println(r.summary());
        r.differences().forEach(d -> out.println("  difference: " + d));
        r.notes().forEach(n -> out.println("  note: " + n));
        out.println("  adopt steps applied: " + (r.adoptApplied().isEmpty() ? "none" : r.adoptApplied())
                + ", pending: " + (r.adoptPending().isEmpty() ? "none" : r.adoptPending()));
        out.println("  Cutover schema: " + (r.cutoverVersion() == null ? "no Flyway history yet" : "V" + r.cutoverVersion())
                + ", pending: " + (r.cutoverPending().isEmpty() ? "none" : r.cutoverPending()));
    }

    private static void printRun(PrintStream out, AdoptionRun run) {
        if (run.adoptSteps().isEmpty() && run.cutoverMigrations().isEmpty()) {
            out.println("Nothing to do: " + run.before().summary());
            return;
        }
        for (MigrationRun.Applied a : run.adoptSteps()) {
            out.println("adopt " + RunReport.line(a));
        }
        for (MigrationRun.Applied a : run.cutoverMigrations()) {
            out.println("      " + RunReport.line(a));
        }
        out.println("Applied " + run.adoptSteps().size() + " adoption step(s) and " + run.cutoverMigrations().size()
                + " Cutover migration(s); schema at version " + run.schemaVersion());
    }

    private static Map<String, Object> recognition(Recognition r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", r.adoptable() ? "adoptable" : "refused");
        doc.put("stage", r.stage().name().toLowerCase());
        doc.put("summary", r.summary());
        doc.put("revision", r.revision());
        doc.put("differences", r.differences());
        doc.put("notes", r.notes());
        doc.put("adopt_applied", r.adoptApplied());
        doc.put("adopt_pending", r.adoptPending());
        doc.put("schema_version", r.cutoverVersion());
        doc.put("cutover_pending", r.cutoverPending());
        return doc;
    }

    private static Map<String, Object> document(String status, AdoptionRun run, List<Map<String, Object>> events,
                                                String error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("stage_before", run == null ? null : run.before().stage().name().toLowerCase());
        doc.put("schema_version", run == null ? null : run.schemaVersion());
        doc.put("adopt_applied", run == null ? List.of() : RunReport.appliedJson(run.adoptSteps()));
        doc.put("applied", run == null ? List.of() : RunReport.appliedJson(run.cutoverMigrations()));
        doc.put("events", events);
        if (error != null) {
            doc.put("error", error);
        }
        return doc;
    }
}
