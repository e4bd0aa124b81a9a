package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** Renaming a table breaks every running version of the service that names it: an expand/contract violation. */
public final class RenameTable implements LintRule {

    @Override
    public String id() {
        return "rename-table";
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
        return "Create the new table and copy (trigger + backfill), or rename and leave an updatable view under the old "
                + "name until no running version uses it.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (action.startsWith("RENAME", "TO")) {
                sink.report(action.token(0), "renaming table " + alter.table()
                        + " breaks every running version of the service that still uses the old name");
            }
        });
    }
}
