package dev.cutover.migrations.lint.internal;

import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.BackfillFile;
import dev.cutover.migrations.sql.CreateTrigger;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.TriggerFunction;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who fills which columns at the point the linter has reached: the backfills whose gate
 * ({@code -- cutover:requires-backfill}) no migration so far passed, and the BEFORE triggers and their functions the
 * statements so far left. Also the constraints added so far, so a later {@code VALIDATE} can be traced to its columns.
 * Tables are keyed by unqualified name.
 */
public final class FillHistory {

    private final List<BackfillFile> backfills;
    private final Map<String, String> gates;
    private final Set<String> passed = new HashSet<>();
    private final Map<String, Set<String>> functionColumns = new HashMap<>();
    private final Map<String, CreateTrigger> triggers = new HashMap<>();
    private final Map<String, SqlStatement> constraints = new HashMap<>();

    /** {@code gates} maps a backfill's name to the first migration file that requires it. */
    public FillHistory(List<BackfillFile> backfills, Map<String, String> gates) {
        this.backfills = List.copyOf(backfills);
        this.gates = Map.copyOf(gates);
    }

    /** A history that knows no backfill. */
    public static FillHistory none() {
        return new FillHistory(List.of(), Map.of());
    }

    /** Marks backfills complete from here on: a migration requiring them has been reached. */
    public void passGates(Collection<String> names) {
        passed.addAll(names);
    }

    /** The backfills that fill {@code table.column} and whose gate has not been reached, by name. */
    public List<String> pendingBackfills(String table, String column) {
        return backfills.stream().filter(b -> !passed.contains(b.name()))
                .filter(b -> unqualified(b.table()).equals(table) && b.filledColumns().contains(column))
                .map(BackfillFile::name).toList();
    }

    /** The migration file that first requires the backfill, if any does. */
    public Optional<String> gate(String backfill) {
        return Optional.ofNullable(gates.get(backfill));
    }

    /** The per-row BEFORE triggers on {@code table} whose function assigns {@code NEW.column}. */
    public List<CreateTrigger> fillingTriggers(String table, String column) {
        return triggers.values().stream().filter(t -> t.table().equals(table) && t.changesRows())
                .filter(t -> functionColumns.getOrDefault(t.function(), Set.of()).contains(column)).toList();
    }

    /** The {@code ADD CONSTRAINT name ...} action an earlier statement ran on {@code table}, or null. */
    public SqlStatement addedConstraint(String table, String name) {
        return constraints.get(table + "." + name);
    }

    /** Takes in one statement's effect. */
    public void record(SqlStatement s) {
        TriggerFunction function = TriggerFunction.of(s);
        CreateTrigger trigger = CreateTrigger.of(s);
        AlterTable alter = AlterTable.of(s);
        if (function != null) {
            functionColumns.put(function.name(), function.assignedColumns());
        } else if (trigger != null) {
            triggers.put(trigger.table() + "." + trigger.name(), trigger);
        } else if (s.startsWith("DROP", "TRIGGER")) {
            QualifiedName name = QualifiedName.read(s, s.matches(2, "IF", "EXISTS") ? 4 : 2);
            QualifiedName table = name == null || !s.matches(name.next(), "ON") ? null : QualifiedName.read(s, name.next() + 1);
            if (table != null) {
                triggers.remove(table.name() + "." + name.name());
            }
        } else if (alter != null) {
            for (SqlStatement action : alter.actions()) {
                QualifiedName name = action.startsWith("ADD", "CONSTRAINT") ? QualifiedName.read(action, 2) : null;
                if (name != null) {
                    constraints.put(alter.table() + "." + name.name(), action);
                }
            }
        }
    }

    private static String unqualified(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }
}
