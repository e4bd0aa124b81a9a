package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.CreateTable;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A 4-byte (or smaller) integer key runs out at 2^31 values, and widening it later rewrites the table and every
 * referencing one; {@code serial} types also hide a sequence the table does not own cleanly.
 */
public final class IntPrimaryKey implements LintRule {

    @Override
    public String id() {
        return "int-primary-key";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String fix() {
        return "Use bigint GENERATED ALWAYS AS IDENTITY, or uuid (time-ordered UUIDv7 keeps inserts at the right edge "
                + "of the index).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        List<ColumnDefinition> columns = new ArrayList<>();
        List<String> keyColumns = new ArrayList<>();
        CreateTable create = CreateTable.of(s);
        if (create != null) {
            columns.addAll(create.columns());
            for (SqlStatement constraint : create.constraints()) {
                int key = constraint.find(0, "PRIMARY", "KEY", "(");
                if (key >= 0) {
                    for (int i = key + 3; i < constraint.closingParen(key + 2); i++) {
                        keyColumns.add(constraint.token(i).identifier());
                    }
                }
            }
        }
        AlterTable alter = AlterTable.of(s);
        if (alter != null) {
            alter.actions().stream().filter(AlterTable::addsColumn).map(AlterTable::addedColumn)
                    .filter(c -> c != null).forEach(columns::add);
        }
        for (ColumnDefinition c : columns) {
            boolean key = c.has("PRIMARY", "KEY") || keyColumns.contains(c.name());
            if (c.type().isSerial() && c.type().isInt4OrSmaller() || key && c.type().isInt4OrSmaller()) {
                report(sink, c.nameToken(), c, key);
            }
        }
    }

    private static void report(Sink sink, Token at, ColumnDefinition c, boolean key) {
        sink.report(at, (key ? "key column " : "column ") + c.name() + " is " + c.type().normalized()
                + ": it runs out after 2^31 values (2^15 for small types), and widening it later rewrites the table");
    }
}
