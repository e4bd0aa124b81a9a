package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** Dropping a table is a contract step: safe only once no running version of the service uses it. */
public final class DropTable implements LintRule {

    @Override
    public String id() {
        return "drop-table";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public boolean marksContractStep() {
        return true;
    }

    @Override
    public String fix() {
        return "Ship a release that no longer uses the table first; then drop it in a later release's migration and "
                + "say so: -- cutover:ignore drop-table <which release stopped using it>.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("DROP", "TABLE")) {
            sink.report(s.token(0), "dropping table " + Statements.nameAt(s, s.matches(2, "IF", "EXISTS") ? 4 : 2)
                    + " breaks every running version of the service that still uses it (and takes ACCESS EXCLUSIVE)");
        }
    }
}
