package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code CREATE [OR REPLACE] [CONSTRAINT] TRIGGER} statement, as far as it says which writes run the function:
 * its timing, its events ({@code updateOf} the columns of {@code UPDATE OF}, empty for any update), whether it runs
 * per row, whether a {@code WHEN} condition limits it, and the function it executes.
 */
public record CreateTrigger(String name, String table, boolean before, boolean onInsert, boolean onUpdate,
        List<String> updateOf, boolean forEachRow, boolean conditional, String function) {

    /** The statement as a CREATE TRIGGER, or null when it is something else or has a shape this reader does not know. */
    public static CreateTrigger of(SqlStatement s) {
        int i = s.matches(1, "OR", "REPLACE") ? 3 : 1;
        i = s.matches(i, "CONSTRAINT") ? i + 1 : i;
        QualifiedName name = s.startsWith("CREATE") && s.matches(i, "TRIGGER") ? QualifiedName.read(s, i + 1) : null;
        if (name == null) {
            return null;
        }
        i = name.next();
        boolean before = s.matches(i, "BEFORE");
        i += s.matches(i, "INSTEAD", "OF") ? 2 : 1;
        boolean insert = false;
        boolean update = false;
        List<String> updateOf = new ArrayList<>();
        for (; i < s.size() && !s.token(i).is("ON"); i++) {
            insert |= s.token(i).is("INSERT");
            update |= s.token(i).is("UPDATE");
            if (s.token(i).is("UPDATE") && s.matches(i + 1, "OF")) {
                for (i += 2; i + 1 < s.size() && !s.token(i + 1).is("OR") && !s.token(i + 1).is("ON"); i++) {
                    if (!s.token(i).is(",")) {
                        updateOf.add(s.token(i).identifier());
                    }
                }
                updateOf.add(s.token(i).identifier());
            }
        }
        QualifiedName table = QualifiedName.read(s, i + 1);
        int execute = s.find(i, "EXECUTE");
        QualifiedName function = execute < 0 ? null : QualifiedName.read(s, execute + 2);
        if (table == null || function == null) {
            return null;
        }
        return new CreateTrigger(name.name(), table.name(), before, insert, update, List.copyOf(updateOf),
                s.find(i, "FOR", "EACH", "ROW") >= 0 || s.find(i, "FOR", "ROW") >= 0, s.find(i, "WHEN") >= 0,
                function.name());
    }

    /** Whether its function runs before every UPDATE of a row, whatever columns the UPDATE sets. */
    public boolean beforeEveryUpdate() {
        return changesRows() && onUpdate && updateOf.isEmpty() && !conditional;
    }

    /** Whether it can change a row before it is written: a BEFORE trigger per row. */
    public boolean changesRows() {
        return before && forEachRow;
    }
}
