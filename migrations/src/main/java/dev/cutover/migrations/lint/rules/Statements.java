package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.CreateTable;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import dev.cutover.migrations.sql.TypeName;
import java.util.function.BiConsumer;

/** Shapes several rules look for, so each rule states only its own condition. */
final class Statements {

    private Statements() {
    }

    /** Calls {@code f} with each action of an ALTER TABLE on a table that existed before this file. */
    static void eachAlterAction(SqlStatement s, LintContext context, BiConsumer<AlterTable, SqlStatement> f) {
        AlterTable alter = AlterTable.of(s);
        if (alter != null && !context.createdInThisFile(alter.table())) {
            alter.actions().forEach(action -> f.accept(alter, action));
        }
    }

    /** Calls {@code f} with each column an ALTER TABLE adds to a table that existed before this file. */
    static void eachAddedColumn(SqlStatement s, LintContext context, BiConsumer<AlterTable, ColumnDefinition> f) {
        eachAlterAction(s, context, (alter, action) -> {
            ColumnDefinition column = AlterTable.addsColumn(action) ? AlterTable.addedColumn(action) : null;
            if (column != null) {
                f.accept(alter, column);
            }
        });
    }

    /** Calls {@code f} with every column type the statement writes: CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE. */
    static void eachColumnType(SqlStatement s, BiConsumer<Token, TypeName> f) {
        CreateTable create = CreateTable.of(s);
        if (create != null) {
            create.columns().forEach(c -> f.accept(c.nameToken(), c.type()));
            return;
        }
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            return;
        }
        for (SqlStatement action : alter.actions()) {
            if (AlterTable.addsColumn(action)) {
                ColumnDefinition column = AlterTable.addedColumn(action);
                if (column != null) {
                    f.accept(column.nameToken(), column.type());
                }
            } else if (AlterTable.alteredColumn(action) != null) {
                int type = newTypeIndex(action);
                if (type > 0) {
                    f.accept(action.token(0), ColumnDefinition.readType(action, type));
                }
            }
        }
    }

    /** In an {@code ALTER [COLUMN] c [SET DATA] TYPE t} action, the index where {@code t} starts; -1 otherwise. */
    static int newTypeIndex(SqlStatement action) {
        int i = AlterTable.afterAlteredColumn(action);
        return action.matches(i, "SET", "DATA", "TYPE") ? i + 3 : action.matches(i, "TYPE") ? i + 1 : -1;
    }

    /**
     * The index just after {@code CREATE [UNIQUE] INDEX} in a CREATE INDEX statement, or -1 for other statements.
     */
    static int afterCreateIndex(SqlStatement s) {
        if (s.startsWith("CREATE", "INDEX")) {
            return 2;
        }
        return s.startsWith("CREATE", "UNIQUE", "INDEX") ? 3 : -1;
    }

    /** The table a CREATE INDEX statement is on ({@code ON [ONLY] table}), or null. */
    static String indexedTable(SqlStatement s) {
        int on = s.find(0, "ON");
        if (on < 0) {
            return null;
        }
        QualifiedName table = QualifiedName.read(s, s.matches(on + 1, "ONLY") ? on + 2 : on + 1);
        return table == null ? null : table.name();
    }

    /** The name written at {@code index}, or {@code "?"} when the statement ends or has something else there. */
    static String nameAt(SqlStatement s, int index) {
        QualifiedName name = QualifiedName.read(s, index);
        return name == null ? "?" : name.written();
    }
}
