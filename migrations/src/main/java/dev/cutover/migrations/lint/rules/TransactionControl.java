package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;
import java.util.Locale;

/** Flyway runs each file in its own transaction: a {@code BEGIN} or {@code COMMIT} in it ends or nests that transaction, and a failure leaves half a migration applied. */
public final class TransactionControl implements LintRule {

    @Override
    public String id() {
        return "transaction-control";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Remove BEGIN/COMMIT/ROLLBACK: Flyway wraps the file in a transaction; split work that must commit separately into two files.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("BEGIN") || s.startsWith("START", "TRANSACTION") || s.startsWith("COMMIT")
                || s.startsWith("END") || s.startsWith("ROLLBACK") || s.startsWith("ABORT")) {
            sink.report(s.token(0), s.token(0).text().toUpperCase(Locale.ROOT)
                    + " in a migration file: Flyway already runs the file in a transaction of its own");
        }
    }
}
