package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.SqlStatement;

/** Dropping NOT NULL is instant, but code still running may rely on the column never being null. */
public final class DropNotNull implements LintRule {

    @Override
    public String id() {
        return "drop-not-null";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String fix() {
        return "Ship code that handles NULL in this column first (reads and every writer), then drop the constraint.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            String column = AlterTable.alteredColumn(action);
            if (column != null && action.matches(AlterTable.afterAlteredColumn(action), "DROP",
                    "NOT", "NULL")) {
                sink.report(action.token(0), "DROP NOT NULL on " + alter.table() + "." + column
                        + ": the running release may read or write it as never null");
            }
        });
    }
}
