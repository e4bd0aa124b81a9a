package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code VACUUM FULL} and {@code CLUSTER} rewrite the table under ACCESS EXCLUSIVE for as long as the copy takes. */
public final class VacuumFullOrCluster implements LintRule {

    @Override
    public String id() {
        return "vacuum-full-or-cluster";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Leave space to plain (auto)vacuum; to compact or reorder online use pg_repack or pg_squeeze, outside "
                + "migrations.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        boolean vacuumFull = s.startsWith("VACUUM", "FULL")
                || (s.startsWith("VACUUM", "(") && s.find(2, "FULL") > 0 && s.find(2, "FULL") < s.closingParen(1));
        if (vacuumFull || s.startsWith("CLUSTER")) {
            sink.report(s.token(0), (vacuumFull ? "VACUUM FULL" : "CLUSTER")
                    + " rewrites the table under ACCESS EXCLUSIVE: reads and writes wait for the whole copy");
        }
    }
}
