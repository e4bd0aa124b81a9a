package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * {@code ADD COLUMN ... REFERENCES / CHECK / UNIQUE / PRIMARY KEY} on an existing table: the constraint is checked or
 * its index built at once, under the ADD's ACCESS EXCLUSIVE lock, with no {@code NOT VALID} or {@code CONCURRENTLY}
 * way to say otherwise.
 */
public final class AddColumnInlineConstraint implements LintRule {

    @Override
    public String id() {
        return "add-column-inline-constraint";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Add the column plain; then ADD CONSTRAINT ... NOT VALID and VALIDATE it in a later file (REFERENCES, "
                + "CHECK), or CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT ... USING INDEX (UNIQUE, PRIMARY KEY).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAddedColumn(s, context, (alter, column) -> {
            String kind = column.has("REFERENCES") ? "REFERENCES" : column.has("CHECK") ? "CHECK"
                    : column.has("UNIQUE") ? "UNIQUE" : column.has("PRIMARY", "KEY") ? "PRIMARY KEY" : null;
            if (kind != null) {
                sink.report(column.nameToken(), "ADD COLUMN " + column.name() + " ... " + kind + " on " + alter.table()
                        + (kind.equals("REFERENCES") || kind.equals("CHECK") ? " checks every existing row"
                        : " builds an index") + " while holding ACCESS EXCLUSIVE");
            }
        });
    }
}
