package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.lint.Finding;
import dev.cutover.migrations.lint.Linter;
import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.lint.rules.Rules;
import dev.cutover.migrations.probe.LockProbe;
import dev.cutover.migrations.probe.MigrationProbe;
import dev.cutover.migrations.sql.MigrationFiles;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
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

    @Option(names = "--format", description = "text, json, sarif (GitHub code scanning), github (workflow "
            + "annotations) or gitlab (Code Quality report) (default: ${DEFAULT-VALUE})")
    LintFormat format = LintFormat.TEXT;

    @Option(names = "--since", paramLabel = "VERSION", description = "Report only files of versions after VERSION "
            + "(all files are still read, for what earlier ones did); 'applied' means the schema version of --url or "
            + "$DATABASE_URL. How a project adopts the linter on an old migration history.")
    String since;

    @Option(names = "--pg-version", paramLabel = "MAJOR", description = "The PostgreSQL major version the advice "
            + "assumes where versions differ (default: pg.version of the config file, else 14)")
    Integer pgVersion;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: ./cutover.properties, "
            + "else cutover.properties in the migrations folder): lint.disable, lint.severity.<rule>, lint.exclude, "
            + "pg.version; options given here override it")
    Path config;

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
        List<String> fileLocations = paths.isEmpty() ? locations : MigrationFiles.locationsOf(paths);
        CutoverProperties settings = CutoverProperties.find(config, fileLocations);
        Linter linter = new Linter(Rules.configured(settings.disabledRules(), settings.severities()),
                pgVersion != null ? pgVersion : settings.pgVersion().orElse(Linter.DEFAULT_PG_VERSION));
        if (listRules) {
            PrintWriter out = spec.commandLine().getOut();
            linter.rules().forEach(r -> out.printf("%-38s %-8s %s%n", r.id(), r.severity().label(), r.fix()));
            out.flush();
            return 0;
        }
        List<Finding> findings = !paths.isEmpty() ? linter.lintPaths(paths)
                : probe ? linter.lintLocations(locations) : linter.lintClasspath("db/migration");
        if (!settings.excludedPaths().isEmpty()) {
            List<PathMatcher> excluded = settings.excludedPaths().stream()
                    .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
            findings = findings.stream().filter(f -> excluded.stream().noneMatch(m -> m.matches(Path.of(f.file()))))
                    .toList();
        }
        if (since != null) {
            findings = LintSince.after(findings, "applied".equalsIgnoreCase(since) ? appliedVersion() : since);
        }
        boolean failed = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        List<MigrationProbe> probes = List.of();
        if (probe) {
            probes = ProbeCommand.withUnfilledRowWrites(
                    new LockProbe(connection.target(), locations, Duration.ofSeconds(observeSeconds)).run(), locations);
            failed |= probes.stream().anyMatch(p -> p.error() != null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == LintFormat.JSON && probe) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("findings", findings);
            both.put("probe", probes);
            out.println(ProbeCommand.json().writeValueAsString(both));
        } else if (format == LintFormat.JSON) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(findings));
        } else if (format == LintFormat.SARIF) {
            out.println(LintReports.sarif(findings, linter.rules()));
        } else if (format == LintFormat.GITHUB) {
            out.print(LintReports.github(findings));
        } else if (format == LintFormat.GITLAB) {
            out.println(LintReports.gitlab(findings));
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

    /** The schema version of the target database, as Flyway's history says; an error when it has none. */
    private String appliedVersion() {
        MigrationInfo current = Flyways.configure(connection.target(), locations).load().info().current();
        if (current == null || current.getVersion() == null) {
            throw new IllegalArgumentException("--since applied: " + connection.target() + " has no applied migration");
        }
        return current.getVersion().getVersion();
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
