package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** A plain {@code DETACH PARTITION} takes ACCESS EXCLUSIVE on the partitioned table: every query on any partition waits. */
public final class DetachPartitionNotConcurrently implements LintRule {

    @Override
    public String id() {
        return "detach-partition-not-concurrently";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "ALTER TABLE parent DETACH PARTITION child CONCURRENTLY, alone in its migration file (PostgreSQL 14 or later).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (action.startsWith("DETACH", "PARTITION") && !action.contains("CONCURRENTLY")) {
                sink.report(action.token(0), "DETACH PARTITION " + Statements.nameAt(action, 2) + " from " + alter.table()
                        + " without CONCURRENTLY holds ACCESS EXCLUSIVE on the whole partitioned table"
                        + (context.pgVersion() < 14 ? "; PostgreSQL " + context.pgVersion() + " has no DETACH "
                        + "CONCURRENTLY (14+): detach in a quiet moment with a short lock_timeout" : ""));
            }
        });
    }
}
