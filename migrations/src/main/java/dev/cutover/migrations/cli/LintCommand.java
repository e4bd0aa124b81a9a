package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.lint.Finding;
import dev.cutover.migrations.lint.Linter;
import dev.cutover.migrations.lint.Severity;
import java.io.PrintWriter;
import dev.cutover.migrations.probe.LockProbe;
import dev.cutover.migrations.probe.MigrationProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cutover lint}: static checks of migration SQL; exit 1 when any finding is an error. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check migration SQL for statements that lock tables for long, rewrite them, break running "
                + "code or cannot be re-run.",
                "Silence a finding with a comment line before the statement (or in the file's header, for the whole "
                        + "file): -- cutover:ignore <rule-id> <reason>",
                "Exit code: 1 when any finding is an error, 0 otherwise."})
public final class LintCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "SQL files or directories (searched recursively); default: the bundled db/migration")
    List<Path> paths = List.of();

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    @Option(names = "--list-rules", description = "Print the rules (id, severity, fix) and exit")
    boolean listRules;

    @Option(names = "--probe", description = "Also run the lock probe (see cutover probe) against --url or "
            + "$DATABASE_URL; without PATHs, lint the migrations of --locations")
    boolean probe;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "With --probe: Flyway locations, e.g. filesystem:/path (default: ${DEFAULT-VALUE})")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--observe-for", paramLabel = "SECONDS", description = "With --probe: see cutover probe "
            + "(default: ${DEFAULT-VALUE})")
    int observeSeconds = 10;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Linter linter = Linter.standard();
        if (listRules) {
            PrintWriter out = spec.commandLine().getOut();
            linter.rules().forEach(r -> out.printf("%-38s %-8s %s%n", r.id(), r.severity().label(), r.fix()));
            out.flush();
            return 0;
        }
        List<Finding> findings = !paths.isEmpty() ? linter.lintPaths(paths)
                : probe ? linter.lintLocations(locations) : linter.lintClasspath("db/migration");
        boolean failed = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        List<MigrationProbe> probes = List.of();
        if (probe) {
            probes = new LockProbe(connection.target(), locations, Duration.ofSeconds(observeSeconds)).run();
            failed |= probes.stream().anyMatch(p -> p.error() != null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON && probe) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("findings", findings);
            both.put("probe", probes);
            out.println(ProbeCommand.json().writeValueAsString(both));
        } else if (format == OutputFormat.JSON) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(findings));
        } else {
            printText(findings, out);
            if (probe) {
                out.println();
                ProbeCommand.printText(probes, out);
            }
        }
        out.flush();
        return failed ? 1 : 0;
    }

    private static void printText(List<Finding> findings, PrintWriter out) {
        for (Finding f : findings) {
            out.printf("%s:%d: %s [%s] %s%n    fix: %s%n", f.file(), f.line(), f.severity().label(), f.rule(),
                    f.message(), f.fix());
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        out.printf("%d error(s), %d warning(s)%n", errors, findings.size() - errors);
    }
}
