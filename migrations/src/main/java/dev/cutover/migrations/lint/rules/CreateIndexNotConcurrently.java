package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code CREATE INDEX} without {@code CONCURRENTLY} on a table that already exists blocks its writes for the build. */
public final class CreateIndexNotConcurrently implements LintRule {

    @Override
    public String id() {
        return "create-index-not-concurrently";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS ..., alone in its own migration file (it cannot run in a "
                + "transaction); writes go on while it builds.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        int at = Statements.afterCreateIndex(s);
        if (at < 0 || s.matches(at, "CONCURRENTLY")) {
            return;
        }
        String table = Statements.indexedTable(s);
        if (table != null && !context.createdInThisFile(table)) {
            sink.report(s.token(0), "CREATE INDEX on " + table + " takes a SHARE lock for the whole build: "
                    + "every INSERT, UPDATE and DELETE on " + table + " waits until the index is built");
        }
    }
}
