package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.lint.Finding;
import dev.cutover.migrations.lint.Linter;
import dev.cutover.migrations.lint.rules.ConstraintBeforeBackfill;
import dev.cutover.migrations.probe.LockProbe;
import dev.cutover.migrations.probe.MigrationProbe;
import dev.cutover.migrations.probe.TableLock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover probe}: the locks and rewrites each pending migration really causes, observed on a scratch copy, and
 * the writes it would make fail on rows a pending backfill has not reached.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Apply each pending migration to a scratch database with the target's schema (no data) on the "
                + "same server, and report which locks PostgreSQL took on existing tables and whether it rewrote them, "
                + "next to the target's table sizes, and which writes the migration would make fail on rows a pending "
                + "backfill has not reached. The target is only read; the scratch database is dropped.",
                "Needs the CREATEDB privilege."})
public final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Flyway locations, e.g. filesystem:/path (default: ${DEFAULT-VALUE})")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--observe-for", paramLabel = "SECONDS",
            description = "How long to hold a CONCURRENTLY migration at its first wait to read its locks "
                    + "(default: ${DEFAULT-VALUE})")
    int observeSeconds = 10;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<MigrationProbe> probes = withUnfilledRowWrites(
                new LockProbe(connection.target(), locations, Duration.ofSeconds(observeSeconds)).run(), locations);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            out.println(json().writeValueAsString(probes));
        } else {
            printText(probes, out);
        }
        out.flush();
        return probes.stream().anyMatch(p -> p.error() != null) ? 1 : 0;
    }

    /**
     * {@code probes}, each with the writes that would fail on rows a pending backfill has not reached: what lint rule
     * {@code constraint-before-backfill} finds in its file, read with the other migrations and backfills of
     * {@code locations}. Only the SQL can tell: the scratch database has no rows.
     */
    static List<MigrationProbe> withUnfilledRowWrites(List<MigrationProbe> probes, List<String> locations) {
        ConstraintBeforeBackfill rule = new ConstraintBeforeBackfill();
        List<Finding> findings = new Linter(List.of(rule)).lintLocations(locations).stream()
                .filter(f -> f.rule().equals(rule.id())).toList();
        return probes.stream().map(p -> p.withFailsOnUnfilledRows(findings.stream()
                .filter(f -> ("/" + f.file().replace('\\', '/')).endsWith("/" + p.script()))
                .map(Finding::message).toList())).toList();
    }

    /** The JSON form of probe results: snake_case fields, indented. */
    static ObjectMapper json() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The text form: per migration, a table of the locks on existing tables. */
    static void printText(List<MigrationProbe> probes, PrintWriter out) {
        if (probes.isEmpty()) {
            out.println("no pending migrations");
        }
        probes.forEach(p -> printText(p, out));
    }

    private static void printText(MigrationProbe p, PrintWriter out) {
        out.printf("%s %s (%s)%n", p.version() == null ? "R" : "V" + p.version(), p.description(),
                p.transactional() ? "in a transaction" : p.observed() ? "outside a transaction, held at its first wait"
                        : "outside a transaction, finished before it could be observed");
        if (p.error() != null) {
            out.printf("  failed on the scratch database: %s%n", p.error());
        } else if (p.tables().isEmpty()) {
            out.println("  no lock on an existing table");
        } else {
            out.printf("  %-28s %-26s %-8s %12s %14s  %s%n", "TABLE", "STRONGEST LOCK", "REWRITE", "TARGET SIZE",
                    "TARGET ROWS~", "TRAFFIC");
            for (TableLock t : p.tables()) {
                out.printf("  %-28s %-26s %-8s %12s %14s  %s%n", t.table(), t.strongest() == null ? "-" : t.strongest(),
                        t.rewrite() ? "yes" : "no", bytes(t.targetBytes()),
                        t.targetRowsEstimate() == null ? "?" : String.format(Locale.ROOT, "%,d", t.targetRowsEstimate()),
                        t.blocks() == null ? "" : t.blocks());
            }
        }
        p.failsOnUnfilledRows().forEach(w -> out.printf("  unfilled rows: %s%n", w));
        out.println();
    }

    private static String bytes(Long n) {
        if (n == null) {
            return "-";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
