package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backfill file as written beside the migrations ({@code backfill/NAME.sql}): its name, the table and key column
 * its {@code -- cutover:backfill table=TABLE key=COLUMN} header declares, and its one statement.
 */
public record BackfillFile(String name, String table, String key, SqlStatement statement) {

    /** The folder beside a migration location that holds its backfill files. */
    public static final String FOLDER = "backfill";

    /** The files in the {@value #FOLDER} folders beside {@code migrationLocations}; none where there is no folder. */
    public static List<MigrationFile> filesBeside(List<String> migrationLocations) {
        return MigrationFiles.fromExistingLocations(MigrationFiles.besides(migrationLocations, FOLDER));
    }

    /** Reads {@code file}; an {@link IllegalArgumentException} says what is wrong with it (without its name). */
    public static BackfillFile parse(MigrationFile file) {
        String fileName = file.name().substring(file.name().replace('\\', '/').lastIndexOf('/') + 1);
        SqlScript script = SqlScript.parse(file.sql());
        Map<String, String> header = Directives.of(script).backfill().orElseThrow(() ->
                new IllegalArgumentException("no '-- cutover:backfill table=TABLE key=COLUMN' header"));
        if (!header.containsKey("table") || !header.containsKey("key")) {
            throw new IllegalArgumentException("the header names no table= or no key=");
        }
        if (script.statements().size() != 1) {
            throw new IllegalArgumentException("a backfill file holds exactly one statement, this one has "
                    + script.statements().size());
        }
        return new BackfillFile(fileName.replaceFirst("\\.sql$", ""), header.get("table"), header.get("key"),
                script.statements().get(0));
    }

    /**
     * The columns of {@link #table()} the statement assigns ({@code UPDATE t SET a = ..., (b, c) = ...}); empty when it
     * is no UPDATE of that table.
     */
    public List<String> filledColumns() {
        QualifiedName updated = statement.startsWith("UPDATE")
                ? QualifiedName.read(statement, statement.matches(1, "ONLY") ? 2 : 1) : null;
        String unqualified = table.substring(table.lastIndexOf('.') + 1);
        int set = updated == null ? -1 : statement.find(updated.next(), "SET");
        if (set < 0 || !updated.name().equals(unqualified)) {
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        for (List<Token> assignment : statement.splitTopLevel(set + 1, endOfSetClause(set))) {
            for (Token t : assignment) {
                if (t.is("=")) {
                    break;
                }
                if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER) {
                    columns.add(t.identifier());
                    if (!assignment.get(0).is("(")) {
                        break;
                    }
                }
            }
        }
        return List.copyOf(columns);
    }

    /** Where the SET list ends: the first FROM, WHERE or RETURNING outside parentheses, else the statement's end. */
    private int endOfSetClause(int set) {
        int depth = 0;
        for (int i = set + 1; i < statement.size(); i++) {
            Token t = statement.token(i);
            depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
            if (depth == 0 && (t.is("FROM") || t.is("WHERE") || t.is("RETURNING"))) {
                return i;
            }
        }
        return statement.size();
    }
}
