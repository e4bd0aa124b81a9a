package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code TRUNCATE ... CASCADE} empties every table that references this one, recursively, under ACCESS EXCLUSIVE. */
public final class TruncateCascade implements LintRule {

    @Override
    public String id() {
        return "truncate-cascade";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Name every table to truncate explicitly (TRUNCATE a, b), or delete the rows in batches.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("TRUNCATE") && s.contains("CASCADE")) {
            sink.report(s.token(0), "TRUNCATE ... CASCADE also empties every table with a foreign key to "
                    + Statements.nameAt(s, s.matches(1, "TABLE") ? 2 : 1) + ", and the tables referencing those");
        }
    }
}
