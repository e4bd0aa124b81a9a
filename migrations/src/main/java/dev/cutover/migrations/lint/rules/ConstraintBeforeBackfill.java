package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.CreateTrigger;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A step that constrains a column (CHECK, even NOT VALID; SET NOT NULL; a unique index) which a backfill fills, before
 * the migration that waits for that backfill: rows the backfill has not reached still hold the old value, so the step
 * fails on them, or the writes to them do.
 */
public final class ConstraintBeforeBackfill implements LintRule {

    /** How a constraint meets the rows a backfill has not reached yet. */
    private enum Effect {
        /** A NOT VALID CHECK: every row an UPDATE writes is checked, whatever column the UPDATE sets. */
        CHECKS_WRITTEN_ROWS,
        /** SET NOT NULL, a CHECK without NOT VALID, VALIDATE: the step reads every row and fails on one. */
        CHECKS_EVERY_ROW,
        /** A unique index: the backfill's batches and the writes that fill the column meet duplicates, not the build. */
        UNIQUE
    }

    /** One constraint a step adds: where, the names it mentions (its columns among them), and what breaks. */
    private record Step(Token at, String table, Set<String> columns, Effect effect, String what, String sqlState) {
    }

    @Override
    public String id() {
        return "constraint-before-backfill";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Mark the step -- cutover:requires-backfill NAME, or move it after the migration that does, so it runs "
                + "once the backfill has completed. For a CHECK ... NOT VALID, a trigger that fills the column on every "
                + "update (BEFORE INSERT OR UPDATE ON t FOR EACH ROW, without UPDATE OF) also keeps those writes passing.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        List<Step> steps = new ArrayList<>();
        String indexed = s.startsWith("CREATE", "UNIQUE", "INDEX") ? Statements.indexedTable(s) : null;
        int keys = indexed == null ? -1 : s.find(s.find(0, "ON"), "(");
        if (keys > 0 && !context.createdInThisFile(indexed)) {
            int name = s.matches(3, "CONCURRENTLY") ? 4 : 3;
            name += s.matches(name, "IF", "NOT", "EXISTS") ? 3 : 0;
            steps.add(new Step(s.token(0), indexed, names(s, keys), Effect.UNIQUE,
                    "unique index" + (s.matches(name, "ON") ? "" : " " + Statements.nameAt(s, name)), "23505"));
        }
        Statements.eachAlterAction(s, context, (alter, action) -> {
            Step step = alterStep(alter.table(), action, context);
            if (step != null) {
                steps.add(step);
            }
        });
        for (Step step : steps) {
            for (String column : step.columns()) {
                report(step, column, context, sink);
            }
        }
    }

    /** The constraint an ALTER TABLE action adds or validates, or null for any other action. */
    private static Step alterStep(String table, SqlStatement action, LintContext context) {
        Token at = action.token(0);
        String altered = AlterTable.alteredColumn(action);
        if (altered != null && action.matches(AlterTable.afterAlteredColumn(action), "SET", "NOT", "NULL")) {
            return new Step(at, table, Set.of(altered), Effect.CHECKS_EVERY_ROW, "SET NOT NULL", "23502");
        }
        if (AlterTable.addsColumn(action)) {
            ColumnDefinition c = AlterTable.addedColumn(action);
            if (c == null) {
                return null;
            }
            if (c.has("NOT", "NULL") && c.defaultExpression().isEmpty() || c.has("CHECK")) {
                return new Step(at, table, Set.of(c.name()), Effect.CHECKS_EVERY_ROW, "ADD COLUMN with a constraint",
                        c.has("CHECK") ? "23514" : "23502");
            }
            return c.has("UNIQUE") || c.has("PRIMARY", "KEY")
                    ? new Step(at, table, Set.of(c.name()), Effect.UNIQUE, "ADD COLUMN ... UNIQUE", "23505") : null;
        }
        if (action.startsWith("ADD")) {
            return constraint(table, action, at);
        }
        QualifiedName validated = action.startsWith("VALIDATE", "CONSTRAINT") ? QualifiedName.read(action, 2) : null;
        SqlStatement added = validated == null ? null : context.addedConstraint(table, validated.name());
        Step check = added == null ? null : constraint(table, added, at);
        return check == null || check.effect() != Effect.CHECKS_WRITTEN_ROWS ? null
                : new Step(at, table, check.columns(), Effect.CHECKS_EVERY_ROW, "VALIDATE CONSTRAINT "
                        + validated.written(), "23514");
    }

    /** What an {@code ADD [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY (...)} action constrains, or null. */
    private static Step constraint(String table, SqlStatement add, Token at) {
        int i = add.matches(1, "CONSTRAINT") ? 3 : 1;
        String name = i == 3 ? " " + Statements.nameAt(add, 2) : "";
        if (add.matches(i, "CHECK", "(")) {
            boolean notValid = add.contains("NOT", "VALID");
            return new Step(at, table, names(add, i + 1), notValid ? Effect.CHECKS_WRITTEN_ROWS : Effect.CHECKS_EVERY_ROW,
                    "CHECK" + name, "23514");
        }
        int keys = add.matches(i, "UNIQUE", "(") ? i + 1 : add.matches(i, "PRIMARY", "KEY", "(") ? i + 2 : -1;
        return keys < 0 ? null : new Step(at, table, names(add, keys), Effect.UNIQUE,
                add.token(i).text().toUpperCase(Locale.ROOT) + name, "23505");
    }

    private static void report(Step step, String column, LintContext context, Sink sink) {
        List<String> pending = context.pendingBackfills(step.table(), column);
        List<CreateTrigger> triggers = context.fillingTriggers(step.table(), column);
        if (pending.isEmpty() || step.effect() == Effect.CHECKS_WRITTEN_ROWS
                && triggers.stream().anyMatch(CreateTrigger::beforeEveryUpdate)) {
            return;
        }
        String backfill = String.join(" and ", pending);
        String target = step.table() + "." + column;
        String gate = context.gateOf(pending.get(0))
                .map(f -> "this step comes before " + f + ", which waits for the backfill")
                .orElse("no migration waits for the backfill (-- cutover:requires-backfill " + pending.get(0) + ")");
        String failing = switch (step.effect()) {
            case CHECKS_WRITTEN_ROWS -> failingUpdates(step.table(), column, triggers) + " fails";
            case CHECKS_EVERY_ROW -> "this migration fails";
            case UNIQUE -> "backfill " + backfill + "'s batches, and writes that fill " + target + ", fail";
        };
        String why = switch (step.effect()) {
            case CHECKS_WRITTEN_ROWS -> "applies to every row an UPDATE writes" + partialTriggers(column, triggers);
            case CHECKS_EVERY_ROW -> "checks every row";
            case UNIQUE -> "is built before the backfill has written the values that may repeat";
        };
        sink.report(step.at(), failing + " (" + step.sqlState() + ") on rows backfill " + backfill + " has not reached: "
                + step.what() + " on " + target + " " + why + ", and " + gate);
    }

    /** The UPDATEs that leave the column as it was: those no trigger fills it for. */
    private static String failingUpdates(String table, String column, List<CreateTrigger> triggers) {
        if (triggers.stream().anyMatch(t -> t.onUpdate() && t.conditional())) {
            return "UPDATE " + table + " that the WHEN condition of a trigger filling " + column + " skips";
        }
        Set<String> updateOf = new LinkedHashSet<>();
        triggers.stream().filter(CreateTrigger::onUpdate).forEach(t -> updateOf.addAll(t.updateOf()));
        return updateOf.isEmpty() ? "UPDATE " + table + " that does not set " + column
                : "UPDATE " + table + " of any column but " + String.join(", ", updateOf);
    }

    private static String partialTriggers(String column, List<CreateTrigger> triggers) {
        StringBuilder s = new StringBuilder();
        for (CreateTrigger t : triggers) {
            if (t.onUpdate() && !t.updateOf().isEmpty()) {
                s.append(" (trigger ").append(t.name()).append(" fills ").append(column).append(" only on UPDATE OF ")
                        .append(String.join(", ", t.updateOf())).append(')');
            }
        }
        return s.toString();
    }

    /** The names (the columns among them) written in the parentheses opening at {@code open}. */
    private static Set<String> names(SqlStatement s, int open) {
        Set<String> names = new LinkedHashSet<>();
        int close = s.closingParen(open);
        for (int i = open + 1; i < close; i++) {
            Token t = s.token(i);
            if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER) {
                names.add(t.identifier());
            }
        }
        return names;
    }
}
