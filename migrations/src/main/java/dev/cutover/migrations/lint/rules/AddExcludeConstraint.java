package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** An exclusion constraint builds its index under ACCESS EXCLUSIVE and has no {@code NOT VALID} or {@code USING INDEX} form. */
public final class AddExcludeConstraint implements LintRule {

    @Override
    public String id() {
        return "add-exclude-constraint";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Create the table with the constraint, or enforce the rule another way (a unique index built CONCURRENTLY, a trigger); "
                + "on a large table an EXCLUDE constraint cannot be added online.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            int i = action.matches(1, "CONSTRAINT") ? 3 : 1;
            if (action.startsWith("ADD") && action.matches(i, "EXCLUDE")) {
                sink.report(action.token(0), "ADD EXCLUDE on " + alter.table()
                        + " builds its index while holding ACCESS EXCLUSIVE: reads and writes wait");
            }
        });
    }
}
