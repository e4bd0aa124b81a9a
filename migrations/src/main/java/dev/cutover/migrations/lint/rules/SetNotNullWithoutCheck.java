package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * {@code SET NOT NULL} scans the whole table under ACCESS EXCLUSIVE unless a validated {@code CHECK (c IS NOT NULL)}
 * already proves it (PostgreSQL 12+ then skips the scan).
 */
public final class SetNotNullWithoutCheck implements LintRule {

    @Override
    public String id() {
        return "set-not-null-without-check";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "In earlier migrations: ADD CONSTRAINT c_not_null CHECK (c IS NOT NULL) NOT VALID, then VALIDATE "
                + "CONSTRAINT (SHARE UPDATE EXCLUSIVE, no blocking); then SET NOT NULL and drop the CHECK.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            String column = AlterTable.alteredColumn(action);
            if (column != null && action.matches(AlterTable.afterAlteredColumn(action), "SET", "NOT", "NULL")
                    && !context.hasValidatedNotNullCheck(alter.table(), column)) {
                sink.report(action.token(0), "SET NOT NULL on " + alter.table() + "." + column
                        + " scans the whole table under ACCESS EXCLUSIVE: no earlier migration validated a CHECK ("
                        + column + " IS NOT NULL)");
            }
        });
    }
}
