package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;
import java.util.Locale;

/** A plain {@code REINDEX} holds a SHARE lock on the table (ACCESS EXCLUSIVE on the index) for the whole rebuild: writes stop. */
public final class ReindexNotConcurrently implements LintRule {

    @Override
    public String id() {
        return "reindex-not-concurrently";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "REINDEX INDEX CONCURRENTLY name (or TABLE CONCURRENTLY), alone in its migration file; PostgreSQL 12 or later.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("REINDEX") && !s.contains("CONCURRENTLY")) {
            int i = s.matches(1, "(") ? s.closingParen(1) + 1 : 1;
            sink.report(s.token(0), "REINDEX " + (i < s.size() ? s.token(i).text().toUpperCase(Locale.ROOT) : "")
                    + " " + Statements.nameAt(s, i + 1) + " without CONCURRENTLY blocks writes for the whole rebuild"
                    + (context.pgVersion() < 12 ? "; PostgreSQL " + context.pgVersion() + " has no REINDEX CONCURRENTLY "
                    + "(12+): CREATE INDEX CONCURRENTLY a copy, DROP INDEX CONCURRENTLY the old one, rename the copy" : ""));
        }
    }
}
