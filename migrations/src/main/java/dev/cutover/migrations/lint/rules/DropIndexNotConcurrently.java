package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code DROP INDEX} without {@code CONCURRENTLY} takes ACCESS EXCLUSIVE on the index's table. */
public final class DropIndexNotConcurrently implements LintRule {

    @Override
    public String id() {
        return "drop-index-not-concurrently";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "DROP INDEX CONCURRENTLY IF EXISTS ..., alone in its own migration file; it waits for queries using "
                + "the index instead of blocking the table.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("DROP", "INDEX") && !s.matches(2, "CONCURRENTLY")) {
            sink.report(s.token(0), "DROP INDEX " + Statements.nameAt(s, s.matches(2, "IF", "EXISTS") ? 4 : 2)
                    + " takes ACCESS EXCLUSIVE on its table: reads and writes queue behind it, and it queues behind "
                    + "every running query");
        }
    }
}
