package dev.cutover.migrations.sql;

import java.util.List;

/**
 * An {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, ...]} statement: the table and each comma-separated
 * action as a statement of its own tokens.
 */
public record AlterTable(String table, String writtenTable, List<SqlStatement> actions) {

    /** The statement as an ALTER TABLE, or null when it is something else. */
    public static AlterTable of(SqlStatement s) {
        if (!s.startsWith("ALTER", "TABLE")) {
            return null;
        }
        int i = 2;
        if (s.matches(i, "IF", "EXISTS")) {
            i += 2;
        }
        if (s.matches(i, "ONLY")) {
            i++;
        }
        QualifiedName name = QualifiedName.read(s, i);
        if (name == null) {
            return null;
        }
        i = name.next();
        if (s.matches(i, "*")) {
            i++;
        }
        List<SqlStatement> actions = s.splitTopLevel(i, s.size()).stream().map(SqlStatement::new).toList();
        return new AlterTable(name.name(), name.written(), actions);
    }

    /** Whether an action adds a column (as opposed to a constraint): {@code ADD [COLUMN] name type ...}. */
    public static boolean addsColumn(SqlStatement action) {
        if (action.startsWith("ADD", "COLUMN")) {
            return true;
        }
        return action.startsWith("ADD") && action.size() > 1 && !isConstraintStart(action, 1);
    }

    /** The column an {@code ADD [COLUMN] [IF NOT EXISTS]} action defines. */
    public static ColumnDefinition addedColumn(SqlStatement action) {
        int i = action.matches(1, "COLUMN") ? 2 : 1;
        boolean ifNotExists = action.matches(i, "IF", "NOT", "EXISTS");
        return ColumnDefinition.read(action, ifNotExists ? i + 3 : i, ifNotExists);
    }

    /** Whether the tokens at {@code index} start a table constraint rather than a column definition. */
    public static boolean isConstraintStart(SqlStatement s, int index) {
        return s.matches(index, "CONSTRAINT") || s.matches(index, "PRIMARY", "KEY") || s.matches(index, "UNIQUE")
                || s.matches(index, "CHECK") || s.matches(index, "FOREIGN", "KEY") || s.matches(index, "EXCLUDE")
                || s.matches(index, "LIKE");
    }

    /** The column an {@code ALTER [COLUMN] name ...} action changes, or null for other actions. */
    public static String alteredColumn(SqlStatement action) {
        if (!action.startsWith("ALTER")) {
            return null;
        }
        int i = action.matches(1, "COLUMN") ? 2 : 1;
        QualifiedName column = QualifiedName.read(action, i);
        return column == null ? null : column.name();
    }

    /** The index after {@code ALTER [COLUMN] name}, where the change itself starts. */
    public static int afterAlteredColumn(SqlStatement action) {
        return action.matches(1, "COLUMN") ? 3 : 2;
    }
}
