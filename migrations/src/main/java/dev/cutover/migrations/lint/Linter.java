package dev.cutover.migrations.lint;

import dev.cutover.migrations.lint.internal.FillHistory;
import dev.cutover.migrations.lint.internal.SchemaHistory;
import dev.cutover.migrations.lint.internal.Suppressions;
import dev.cutover.migrations.lint.rules.LintContext;
import dev.cutover.migrations.lint.rules.LintRule;
import dev.cutover.migrations.lint.rules.Rules;
import dev.cutover.migrations.sql.BackfillFile;
import dev.cutover.migrations.sql.Directives;
import dev.cutover.migrations.sql.MigrationFile;
import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.sql.SqlScript;
import dev.cutover.migrations.sql.SqlStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks migration SQL for operations that lock tables for long, rewrite them, break running code or cannot be
 * re-run. Files are linted in Flyway's order and as one set, so a rule can see what earlier migrations did.
 */
public final class Linter {

    /** Reported for a {@code cutover:ignore} comment that gives no rule or no reason; it silences nothing. */
    public static final String SUPPRESSION_WITHOUT_REASON = "suppression-without-reason";
    /** Reported for a {@code cutover:ignore} comment naming a rule that does not exist. */
    public static final String SUPPRESSION_UNKNOWN_RULE = "suppression-unknown-rule";
    /** Reported for a file that cannot be split into statements (an unterminated literal or comment). */
    public static final String UNPARSABLE = "unparsable-sql";

    /** The PostgreSQL major version the advice assumes unless told otherwise: the oldest one still supported. */
    public static final int DEFAULT_PG_VERSION = 14;

    private final List<LintRule> rules;
    private final int pgVersion;

    public Linter(List<LintRule> rules) {
        this(rules, DEFAULT_PG_VERSION);
    }

    /** A linter whose advice assumes PostgreSQL {@code pgVersion} where versions differ. */
    public Linter(List<LintRule> rules, int pgVersion) {
        if (pgVersion < 9 || pgVersion > 99) {
            throw new IllegalArgumentException("PostgreSQL version must be a major version such as 15, not " + pgVersion);
        }
        this.rules = List.copyOf(rules);
        this.pgVersion = pgVersion;
    }

    /** A linter with every rule of {@link Rules#all()}. */
    public static Linter standard() {
        return new Linter(Rules.all());
    }

    public List<LintRule> rules() {
        return rules;
    }

    /**
     * Lints the SQL files among {@code paths} (directories searched recursively) in Flyway's order, with the backfill
     * files beside them.
     */
    public List<Finding> lintPaths(List<Path> paths) {
        return lint(MigrationFiles.fromPaths(paths), BackfillFile.filesBeside(MigrationFiles.locationsOf(paths)));
    }

    /** Lints the SQL files in a classpath folder such as {@code db/migration}, with the backfill files beside it. */
    public List<Finding> lintClasspath(String folder) {
        return lint(MigrationFiles.fromClasspath(folder), BackfillFile.filesBeside(List.of("classpath:" + folder)));
    }

    /** Lints the SQL files of Flyway locations ({@code classpath:db/migration}, {@code filesystem:/path}). */
    public List<Finding> lintLocations(List<String> locations) {
        return lint(MigrationFiles.fromLocations(locations), BackfillFile.filesBeside(locations));
    }

    /** Lints {@code sources} in the order given, as one migration set that knows no backfill. */
    public List<Finding> lint(List<MigrationFile> sources) {
        return lint(sources, List.of());
    }

    /** Lints {@code sources} in the order given, as one migration set with the backfills of {@code backfillFiles}. */
    public List<Finding> lint(List<MigrationFile> sources, List<MigrationFile> backfillFiles) {
        List<Finding> findings = new ArrayList<>();
        List<BackfillFile> backfills = new ArrayList<>();
        for (MigrationFile file : backfillFiles) {
            try {
                backfills.add(BackfillFile.parse(file));
            } catch (IllegalArgumentException e) {
                findings.add(new Finding(file.name(), 1, UNPARSABLE, Severity.ERROR, "backfill file: " + e.getMessage(),
                        "Fix the backfill file; cutover backfill refuses it too."));
            }
        }
        // Parsed up front: a step's finding names the later migration that waits for its backfill.
        List<Parsed> parsed = sources.stream().map(source -> Parsed.of(source.sql())).toList();
        Map<String, String> gates = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String fileName = Path.of(sources.get(i).name()).getFileName().toString();
            requiredBackfills(parsed.get(i).script()).forEach(b -> gates.putIfAbsent(b, fileName));
        }
        SchemaHistory history = new SchemaHistory();
        FillHistory fills = new FillHistory(backfills, gates);
        for (int i = 0; i < sources.size(); i++) {
            SqlScript script = parsed.get(i).script();
            if (script == null) {
                findings.add(new Finding(sources.get(i).name(), 1, UNPARSABLE, Severity.ERROR, parsed.get(i).error(),
                        "Fix the SQL; PostgreSQL would reject it too."));
                continue;
            }
            fills.passGates(requiredBackfills(script));
            lintFile(sources.get(i).name(), script, history, fills, findings);
        }
        return findings;
    }

    /** A file's script, or the reason it could not be split into statements. */
    private record Parsed(SqlScript script, String error) {
        static Parsed of(String sql) {
            try {
                return new Parsed(SqlScript.parse(sql), null);
            } catch (IllegalArgumentException e) {
                return new Parsed(null, e.getMessage());
            }
        }
    }

    /** The backfills a script waits for; none when it is unparsable or a directive names none (the guard says so). */
    private static List<String> requiredBackfills(SqlScript script) {
        try {
            return script == null ? List.of() : Directives.of(script).requiredBackfills();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * Whether {@code script} is a contract step: a rule that {@link LintRule#marksContractStep() marks one} finds
     * something in it. A {@code cutover:ignore} does not change that: it says the contract is deliberate, not that
     * there is none.
     */
    public boolean isContractStep(SqlScript script) {
        List<SqlStatement> statements = script.statements();
        SchemaHistory history = new SchemaHistory();
        boolean[] found = {false};
        for (int i = 0; i < statements.size() && !found[0]; i++) {
            LintContext context = new LintContext(statements, i, history, FillHistory.none(), pgVersion);
            for (LintRule rule : rules) {
                if (rule.marksContractStep()) {
                    rule.check(statements.get(i), context, (at, message) -> found[0] = true);
                }
            }
            history.record(statements.get(i));
        }
        return found[0];
    }

    private void lintFile(String file, SqlScript script, SchemaHistory history, FillHistory fills,
            List<Finding> findings) {
        Suppressions suppressions = new Suppressions(script);
        Set<String> known = rules.stream().map(LintRule::id).collect(Collectors.toSet());
        for (Directives.Suppression s : suppressions.all()) {
            if (s.rule().isEmpty() || s.reason().isEmpty()) {
                findings.add(new Finding(file, s.line(), SUPPRESSION_WITHOUT_REASON, Severity.ERROR,
                        "cutover:ignore " + s.rule() + " gives no " + (s.rule().isEmpty() ? "rule id" : "reason")
                                + "; it silences nothing",
                        "Write -- cutover:ignore <rule-id> <why this is safe here>."));
            } else if (!known.contains(s.rule())) {
                findings.add(new Finding(file, s.line(), SUPPRESSION_UNKNOWN_RULE, Severity.WARNING,
                        "cutover:ignore names " + s.rule() + ", which is no rule of cutover lint",
                        "Use one of the rule ids that cutover lint --list-rules prints."));
            }
        }
        List<SqlStatement> statements = script.statements();
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = statements.get(i);
            LintContext context = new LintContext(statements, i, history, fills, pgVersion);
            for (LintRule rule : rules) {
                rule.check(statement, context, (at, message) -> {
                    if (!suppressions.silences(rule.id(), statement)) {
                        findings.add(new Finding(file, at.line(), rule.id(), rule.severity(), message, rule.fix()));
                    }
                });
            }
            history.record(statement);
            fills.record(statement);
        }
    }
}
