package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code ADD UNIQUE} / {@code ADD PRIMARY KEY} builds its index under ACCESS EXCLUSIVE for the whole build. */
public final class UniqueConstraintWithoutIndex implements LintRule {

    @Override
    public String id() {
        return "unique-constraint-without-index";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "CREATE UNIQUE INDEX CONCURRENTLY i ON t (c) in its own migration, then ADD CONSTRAINT u UNIQUE "
                + "USING INDEX i (or PRIMARY KEY USING INDEX i): brief.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (!action.startsWith("ADD") || action.contains("USING", "INDEX")) {
                return;
            }
            int i = action.matches(1, "CONSTRAINT") ? 3 : 1;
            String kind = action.matches(i, "UNIQUE") ? "UNIQUE" : action.matches(i, "PRIMARY", "KEY") ? "PRIMARY KEY"
                    : null;
            if (kind != null) {
                sink.report(action.token(0), "ADD " + kind + " on " + alter.table()
                        + " builds its index while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build");
            }
        });
    }
}
