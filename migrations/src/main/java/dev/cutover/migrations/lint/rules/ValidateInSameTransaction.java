package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * {@code VALIDATE CONSTRAINT} in the file that added the constraint {@code NOT VALID}: Flyway runs the file as one
 * transaction, so the validating scan runs while the ADD's lock (ACCESS EXCLUSIVE for a CHECK) is still held.
 */
public final class ValidateInSameTransaction implements LintRule {

    @Override
    public String id() {
        return "validate-in-same-transaction";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Move ALTER TABLE ... VALIDATE CONSTRAINT to a later migration file, so the ADD ... NOT VALID commits and "
                + "releases its lock first.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (!action.startsWith("VALIDATE", "CONSTRAINT")) {
                return;
            }
            QualifiedName name = QualifiedName.read(action, 2);
            if (name != null && addedNotValidEarlier(context, alter.table(), name.name())) {
                sink.report(action.token(0), "VALIDATE CONSTRAINT " + name.written() + " in the file that added it NOT VALID:"
                        + " one transaction, so the scan runs under the ADD's lock on " + alter.table());
            }
        });
    }

    private static boolean addedNotValidEarlier(LintContext context, String table, String constraint) {
        for (SqlStatement earlier : context.earlierInFile()) {
            AlterTable alter = AlterTable.of(earlier);
            if (alter == null || !alter.table().equals(table)) {
                continue;
            }
            for (SqlStatement action : alter.actions()) {
                QualifiedName name = action.startsWith("ADD", "CONSTRAINT") ? QualifiedName.read(action, 2) : null;
                if (name != null && name.name().equals(constraint) && action.contains("NOT", "VALID")) {
                    return true;
                }
            }
        }
        return false;
    }
}
