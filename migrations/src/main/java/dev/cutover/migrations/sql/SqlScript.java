package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;

/** A migration file's SQL split into statements at top-level semicolons, with its comments. */
public record SqlScript(List<SqlStatement> statements, List<SqlTokenizer.Comment> comments) {

    /**
     * Parses {@code sql}. Semicolons inside literals, dollar-quoted bodies and comments do not split; neither do
     * those of a {@code BEGIN ATOMIC ... END} SQL-standard function body.
     */
    public static SqlScript parse(String sql) {
        SqlTokenizer.Result lexed = SqlTokenizer.tokenize(sql);
        List<SqlStatement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int atomicDepth = 0;
        for (Token t : lexed.tokens()) {
            if (t.is(";") && atomicDepth == 0) {
                if (!current.isEmpty()) {
                    statements.add(new SqlStatement(current));
                }
                current = new ArrayList<>();
                continue;
            }
            if (t.is("ATOMIC") && !current.isEmpty() && current.get(current.size() - 1).is("BEGIN")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && t.is("CASE")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && t.is("END")) {
                atomicDepth--;
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            statements.add(new SqlStatement(current));
        }
        return new SqlScript(List.copyOf(statements), lexed.comments());
    }
}
