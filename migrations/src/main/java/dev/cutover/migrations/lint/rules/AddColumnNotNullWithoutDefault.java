package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code ADD COLUMN ... NOT NULL} without a default fails on any table that has rows. */
public final class AddColumnNotNullWithoutDefault implements LintRule {

    @Override
    public String id() {
        return "add-column-not-null-without-default";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Add the column nullable, backfill it, then CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT and "
                + "SET NOT NULL; or give it a constant DEFAULT.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAddedColumn(s, context, (alter, column) -> {
            if (column.has("NOT", "NULL") && !column.has("DEFAULT") && !column.has("GENERATED")
                    && !column.type().isSerial()) {
                sink.report(column.nameToken(), "ADD COLUMN " + alter.table() + "." + column.name()
                        + " NOT NULL without a default fails as soon as the table has a row");
            }
        });
    }
}
