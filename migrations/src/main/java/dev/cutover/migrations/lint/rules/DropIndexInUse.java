package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * Dropping an index is a contract step: queries that use it switch to other plans at once (often a sequential scan),
 * or, for a unique index, duplicates become possible. A warning, not an error: {@code DROP INDEX CONCURRENTLY} is the
 * recommended form, and only production's statistics can say whether the index is still used.
 */
public final class DropIndexInUse implements LintRule {

    @Override
    public String id() {
        return "drop-index-in-use";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public boolean marksContractStep() {
        return true;
    }

    @Override
    public String fix() {
        return "Check pg_stat_user_indexes.idx_scan on production and that no running release's queries need it; "
                + "then say so: -- cutover:ignore drop-index-in-use <why nothing uses it any more>.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("DROP", "INDEX")) {
            int i = s.matches(2, "CONCURRENTLY") ? 3 : 2;
            sink.report(s.token(0), "dropping index " + Statements.nameAt(s, s.matches(i, "IF", "EXISTS") ? i + 2 : i)
                    + " changes the plans of every query that uses it");
        }
    }
}
