package dev.cutover.migrations.lint.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- cutover:ignore <rule-id> <reason>} comments of one file. One in the file's header (before its first
 * statement) silences the rule in the whole file; one elsewhere silences it for the next statement only.
 */
public final class Suppressions {

    private static final Pattern IGNORE = Pattern.compile("cutover:ignore\\b\\s*(\\S*)\\s*(.*)");

    /** One ignore comment: the rule it names (empty when it names none), its reason (empty when missing). */
    public record Suppression(String rule, String reason, int line) {
    }

    private final List<Suppression> all;
    private final int firstStatementLine;
    private final List<SqlStatement> statements;

    public Suppressions(SqlScript script) {
        List<Suppression> found = new ArrayList<>();
        for (SqlTokenizer.Comment c : script.comments()) {
            Matcher m = IGNORE.matcher(c.text());
            if (c.lineComment() && m.lookingAt()) {
                found.add(new Suppression(m.group(1), m.group(2).strip(), c.line()));
            }
        }
        this.all = List.copyOf(found);
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
