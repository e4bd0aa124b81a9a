package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.internal.FillHistory;
import dev.cutover.migrations.lint.internal.SchemaHistory;
import dev.cutover.migrations.sql.CreateTable;
import dev.cutover.migrations.sql.CreateTrigger;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.TypeName;
import java.util.List;
import java.util.Optional;

/**
 * What a rule may know besides the statement it checks: the other statements of its file, what the files and
 * statements linted before it did to the schema, and which backfills and triggers fill which columns at that point.
 */
public final class LintContext {

    private final List<SqlStatement> fileStatements;
    private final int index;
    private final SchemaHistory history;
    private final FillHistory fills;
    private final int pgVersion;

    public LintContext(List<SqlStatement> fileStatements, int index, SchemaHistory history, FillHistory fills,
            int pgVersion) {
        this.fileStatements = fileStatements;
        this.index = index;
        this.history = history;
        this.fills = fills;
        this.pgVersion = pgVersion;
    }

    /** The major PostgreSQL version the advice assumes ({@code --pg-version}, {@code pg.version}). */
    public int pgVersion() {
        return pgVersion;
    }

    /** All statements of the file being linted, in order. */
    public List<SqlStatement> fileStatements() {
        return fileStatements;
    }

    /** The statements of the file before the one being checked, in order. */
    public List<SqlStatement> earlierInFile() {
        return fileStatements.subList(0, index);
    }

    /**
     * Whether an earlier statement of the same file created {@code table}: nobody can be using it yet, so the locks
     * and scans on it do not matter.
     */
    public boolean createdInThisFile(String table) {
        for (int i = 0; i < index; i++) {
            CreateTable create = CreateTable.of(fileStatements.get(i));
            if (create != null && create.table().equals(table)) {
                return true;
            }
        }
        return false;
    }

    /** The column's type as an earlier statement defined it, or null when the linted files do not say. */
    public TypeName columnType(String table, String column) {
        return history.columnType(table, column);
    }

    /** Whether an earlier statement left a validated {@code CHECK (column IS NOT NULL)} on {@code table}. */
    public boolean hasValidatedNotNullCheck(String table, String column) {
        return history.hasValidatedNotNullCheck(table, column);
    }

    /**
     * The backfills that fill {@code table.column} and that neither this file nor an earlier one waits for
     * ({@code -- cutover:requires-backfill}): rows they have not reached may still hold the old value here.
     */
    public List<String> pendingBackfills(String table, String column) {
        return fills.pendingBackfills(table, column);
    }

    /** The migration file that first waits for {@code backfill}, when one of the linted files does. */
    public Optional<String> gateOf(String backfill) {
        return fills.gate(backfill);
    }

    /** The per-row BEFORE triggers an earlier statement left on {@code table} whose function assigns the column. */
    public List<CreateTrigger> fillingTriggers(String table, String column) {
        return fills.fillingTriggers(table, column);
    }

    /** The {@code ADD CONSTRAINT name ...} action an earlier statement ran on {@code table}, or null. */
    public SqlStatement addedConstraint(String table, String name) {
        return fills.addedConstraint(table, name);
    }
}
