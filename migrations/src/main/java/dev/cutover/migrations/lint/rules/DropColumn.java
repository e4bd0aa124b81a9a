package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** Dropping a column is a contract step: safe only once no running version of the service reads or writes it. */
public final class DropColumn implements LintRule {

    @Override
    public String id() {
        return "drop-column";
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
        return "Ship a release that no longer uses the column first; then drop it in a later release's migration and "
                + "say so: -- cutover:ignore drop-column <which release stopped using it>.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (!action.startsWith("DROP") || action.matches(1, "CONSTRAINT")) {
                return;
            }
            int i = action.matches(1, "COLUMN") ? 2 : 1;
            if (action.matches(i, "IF", "EXISTS")) {
                i += 2;
            }
            sink.report(action.token(0), "dropping " + alter.table() + "." + Statements.nameAt(action, i)
                    + " breaks every running version of the service that still reads or writes it");
        });
    }
}
