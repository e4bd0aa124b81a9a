package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** Adding a CHECK or FOREIGN KEY without {@code NOT VALID} scans the table while holding a lock that blocks writes. */
public final class ConstraintNotValid implements LintRule {

    @Override
    public String id() {
        return "constraint-not-valid";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "ADD CONSTRAINT ... NOT VALID (brief), then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration "
                + "(SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (!action.startsWith("ADD") || action.contains("NOT", "VALID")) {
                return;
            }
            int i = action.matches(1, "CONSTRAINT") ? 3 : 1;
            String kind = action.matches(i, "CHECK") ? "CHECK" : action.matches(i, "FOREIGN", "KEY") ? "FOREIGN KEY"
                    : null;
            if (kind != null) {
                String lock = kind.equals("CHECK") ? "ACCESS EXCLUSIVE" : "SHARE ROW EXCLUSIVE (on both tables)";
                sink.report(action.token(0), "ADD " + kind + " on " + alter.table()
                        + " without NOT VALID checks every existing row while holding " + lock);
            }
        });
    }
}
