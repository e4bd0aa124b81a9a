package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * A {@code CONCURRENTLY} index operation must be alone in its file: it cannot run in a transaction block, and
 * Flyway runs a file's statements in one transaction (or, mixed, leaves a half-applied file on failure).
 */
public final class ConcurrentlyInTransaction implements LintRule {

    @Override
    public String id() {
        return "concurrently-in-transaction";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Put each CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY in a migration file of its own, "
                + "without BEGIN/COMMIT.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        boolean concurrentIndex = (Statements.afterCreateIndex(s) > 0 || s.startsWith("DROP", "INDEX")
                || s.startsWith("REINDEX")) && s.contains("CONCURRENTLY");
        boolean concurrentDetach = s.startsWith("ALTER", "TABLE") && s.contains("DETACH", "PARTITION")
                && s.contains("CONCURRENTLY");
        if (!concurrentIndex && !concurrentDetach) {
            return;
        }
        boolean explicitTransaction = context.fileStatements().stream().anyMatch(o -> o.startsWith("BEGIN")
                || o.startsWith("START", "TRANSACTION") || o.startsWith("COMMIT") || o.startsWith("END"));
        int others = context.fileStatements().size() - 1;
        if (explicitTransaction) {
            sink.report(s.token(0), "CONCURRENTLY cannot run inside a transaction block, and this file opens one");
        } else if (others > 0) {
            sink.report(s.token(0), "CONCURRENTLY cannot run inside a transaction block, and this file has " + others
                    + " other statement(s) that Flyway would run with it");
        }
    }
}
