package dev.cutover.migrations.lint.internal;

import dev.cutover.migrations.sql.Directives;
import dev.cutover.migrations.sql.Directives.Suppression;
import dev.cutover.migrations.sql.SqlScript;
import dev.cutover.migrations.sql.SqlStatement;
import java.util.List;

/**
 * Where the {@code -- cutover:ignore <rule-id> <reason>} comments of one file apply. One in the file's header (before
 * its first statement) silences the rule in the whole file; one elsewhere silences it for the next statement only.
 */
public final class Suppressions {

    private final List<Suppression> all;
    private final int firstStatementLine;
    private final List<SqlStatement> statements;

    public Suppressions(SqlScript script) {
        this.all = Directives.of(script).suppressions();
        this.statements = script.statements();
        this.firstStatementLine = statements.isEmpty() ? Integer.MAX_VALUE : statements.get(0).line();
    }

    public List<Suppression> all() {
        return all;
    }

    /** Whether a finding of {@code rule} in {@code statement} is silenced by a suppression that gives a reason. */
    public boolean silences(String rule, SqlStatement statement) {
        int previousEnd = 0;
        for (SqlStatement s : statements) {
            if (s == statement) {
                break;
            }
            previousEnd = s.lastLine();
        }
        for (Suppression s : all) {
            if (!s.rule().equals(rule) || s.reason().isEmpty()) {
                continue;
            }
            boolean header = s.line() < firstStatementLine;
            boolean leading = s.line() > previousEnd && s.line() < statement.line();
            if (header || leading) {
                return true;
            }
        }
        return false;
    }
}
