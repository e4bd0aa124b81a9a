package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.QualifiedName;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import java.util.Locale;

/**
 * An {@code UPDATE} or {@code DELETE} over a whole existing table inside a migration: one transaction that locks every
 * row it touches for minutes, bloats the table, and holds the migration's other locks meanwhile.
 */
public final class UnbatchedBackfill implements LintRule {

    @Override
    public String id() {
        return "unbatched-backfill";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Move it to a backfill (db/backfill/NAME.sql or Backfills.register), which the backfill workers run in "
                + "small batches, and mark the migration that needs it -- cutover:requires-backfill NAME; or bound the "
                + "statement to one key range (WHERE id > a AND id <= b).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        int at = s.startsWith("UPDATE") ? 1 : s.startsWith("DELETE", "FROM") ? 2 : -1;
        if (at < 0) {
            return;
        }
        QualifiedName table = QualifiedName.read(s, s.matches(at, "ONLY") ? at + 1 : at);
        if (table == null || context.createdInThisFile(table.name()) || boundedKeyRange(s)) {
            return;
        }
        sink.report(s.token(0), s.token(0).text().toUpperCase(Locale.ROOT) + " of " + table.written()
                + " in a migration changes every matching row in one transaction, holding their locks until it commits");
    }

    /**
     * Whether the WHERE clause bounds the rows from both sides ({@code BETWEEN}, or a lower and an upper comparison), or
     * picks rows by key equality ({@code id = ...}, {@code ... _id IN (...)}).
     */
    private static boolean boundedKeyRange(SqlStatement s) {
        int where = s.find(0, "WHERE");
        if (where < 0) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = where + 1; i < s.size(); i++) {
            Token t = s.token(i);
            if (t.is("BETWEEN")) {
                return true;
            }
            if (t.is("<") && i + 1 < s.size() && s.token(i + 1).is(">")) {
                i++;
                continue;
            }
            lower |= t.is(">");
            upper |= t.is("<");
            boolean keyColumn = (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER)
                    && (t.identifier().equals("id") || t.identifier().endsWith("_id"));
            if (keyColumn && i + 1 < s.size() && (s.token(i + 1).is("=") || s.token(i + 1).is("IN"))) {
                return true;
            }
        }
        return lower && upper;
    }
}
