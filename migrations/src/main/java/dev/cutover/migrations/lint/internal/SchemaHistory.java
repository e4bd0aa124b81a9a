package dev.cutover.migrations.lint.internal;

import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.CreateTable;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import dev.cutover.migrations.sql.TypeName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the statements linted so far did to the schema, as far as rules need it: column types, and which
 * {@code CHECK (c IS NOT NULL)} constraints exist and are validated. Tables are keyed by unqualified name.
 */
public final class SchemaHistory {

    private record Check(String table, String column) {
    }

    private final Map<String, Map<String, TypeName>> columnTypes = new HashMap<>();
    private final Map<String, Check> notValidChecks = new HashMap<>();
    private final Map<String, Check> validatedChecks = new HashMap<>();

    /** The type the column was given by an earlier statement, or null when unknown. */
    public TypeName columnType(String table, String column) {
        return columnTypes.getOrDefault(table, Map.of()).get(column);
    }

    /** Whether an earlier statement left a validated {@code CHECK (column IS NOT NULL)} on the table. */
    public boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedChecks.containsValue(new Check(table, column));
    }

    /** Takes in one statement's effect. */
    public void record(SqlStatement s) {
        CreateTable create = CreateTable.of(s);
        if (create != null) {
            Map<String, TypeName> columns = new HashMap<>();
            create.columns().forEach(c -> columns.put(c.name(), c.type()));
            columnTypes.put(create.table(), columns);
            create.constraints().forEach(c -> recordConstraint(create.table(), c, 0));
            return;
        }
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            if (s.startsWith("DROP", "TABLE")) {
                Set<String> dropped = new HashSet<>();
                s.tokens().forEach(t -> dropped.add(t.identifier()));
                columnTypes.keySet().removeAll(dropped);
            }
            return;
        }
        for (SqlStatement action : alter.actions()) {
            recordAction(alter.table(), action);
        }
    }

    private void recordAction(String table, SqlStatement action) {
        if (AlterTable.addsColumn(action)) {
            ColumnDefinition column = AlterTable.addedColumn(action);
            if (column != null) {
                columnTypes.computeIfAbsent(table, t -> new HashMap<>()).put(column.name(), column.type());
            }
        } else if (action.startsWith("ADD")) {
            recordConstraint(table, action, 1);
        } else if (action.startsWith("VALIDATE", "CONSTRAINT") && action.size() > 2) {
            Check check = notValidChecks.remove(action.token(2).identifier());
            if (check != null) {
                validatedChecks.put(action.token(2).identifier(), check);
            }
        } else if (action.startsWith("DROP", "CONSTRAINT")) {
            String name = action.token(action.matches(2, "IF", "EXISTS") ? 4 : 2).identifier();
            notValidChecks.remove(name);
            validatedChecks.remove(name);
        } else if (AlterTable.alteredColumn(action) != null) {
            int i = AlterTable.afterAlteredColumn(action);
            int type = action.matches(i, "SET", "DATA", "TYPE") ? i + 3 : action.matches(i, "TYPE") ? i + 1 : -1;
            if (type > 0) {
                columnTypes.computeIfAbsent(table, t -> new HashMap<>())
                        .put(AlterTable.alteredColumn(action), ColumnDefinition.readType(action, type));
            }
        }
    }

    /** {@code [CONSTRAINT name] CHECK (column IS NOT NULL) [NOT VALID]} starting at {@code index}. */
    private void recordConstraint(String table, SqlStatement c, int index) {
        String name = table + "_check_" + c.line();
        int i = index;
        if (c.matches(i, "CONSTRAINT") && i + 1 < c.size()) {
            name = c.token(i + 1).identifier();
            i += 2;
        }
        if (!c.matches(i, "CHECK", "(") || !c.matches(i + 3, "IS", "NOT", "NULL", ")")) {
            return;
        }
        Check check = new Check(table, c.token(i + 2).identifier());
        if (c.contains("NOT", "VALID")) {
            notValidChecks.put(name, check);
        } else {
            validatedChecks.put(name, check);
        }
    }
}
