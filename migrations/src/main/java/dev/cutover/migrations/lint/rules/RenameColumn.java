package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** Renaming a column breaks every running version of the service that names it: an expand/contract violation. */
public final class RenameColumn implements LintRule {

    @Override
    public String id() {
        return "rename-column";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public boolean marksContractStep() {
        return true;
    }

    @Override
    public String fix() {
        return "Expand/contract: add the new column, copy writes with a trigger, backfill, switch reads in a release, "
                + "drop the old column in a later one.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (action.startsWith("RENAME") && !action.matches(1, "TO") && !action.matches(1, "CONSTRAINT")) {
                int column = action.matches(1, "COLUMN") ? 2 : 1;
                sink.report(action.token(0), "renaming " + alter.table() + "." + Statements.nameAt(action, column)
                        + " breaks every running version of the service that still uses the old name");
            }
        });
    }
}
