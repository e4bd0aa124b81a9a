package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;

/** A {@code CREATE TABLE name (...)} statement: its column definitions and table constraints. */
public record CreateTable(String table, boolean ifNotExists, List<ColumnDefinition> columns,
        List<SqlStatement> constraints) {

    /** The statement as a CREATE TABLE, or null when it is something else (CREATE TABLE ... AS gives no columns). */
    public static CreateTable of(SqlStatement s) {
        if (!s.startsWith("CREATE")) {
            return null;
        }
        int i = 1;
        while (i < s.size() && (s.token(i).is("GLOBAL") || s.token(i).is("LOCAL") || s.token(i).is("TEMP")
                || s.token(i).is("TEMPORARY") || s.token(i).is("UNLOGGED"))) {
            i++;
        }
        if (!s.matches(i, "TABLE")) {
            return null;
        }
        i++;
        boolean ifNotExists = s.matches(i, "IF", "NOT", "EXISTS");
        QualifiedName name = QualifiedName.read(s, ifNotExists ? i + 3 : i);
        if (name == null) {
            return null;
        }
        List<ColumnDefinition> columns = new ArrayList<>();
        List<SqlStatement> constraints = new ArrayList<>();
        if (s.matches(name.next(), "(")) {
            int close = s.closingParen(name.next());
            for (List<Token> element : s.splitTopLevel(name.next() + 1, close)) {
                SqlStatement e = new SqlStatement(element);
                if (AlterTable.isConstraintStart(e, 0)) {
                    constraints.add(e);
                } else {
                    ColumnDefinition column = ColumnDefinition.read(e, 0, false);
                    if (column != null) {
                        columns.add(column);
                    }
                }
            }
        }
        return new CreateTable(name.name(), ifNotExists, List.copyOf(columns), List.copyOf(constraints));
    }
}
