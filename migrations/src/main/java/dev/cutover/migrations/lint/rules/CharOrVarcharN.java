package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/**
 * {@code char(n)} pads and {@code varchar(n)} bakes a limit into the type: changing it later is a type change
 * (shrinking rewrites or scans under ACCESS EXCLUSIVE), where a CHECK on a text column swaps without blocking.
 */
public final class CharOrVarcharN implements LintRule {

    @Override
    public String id() {
        return "char-or-varchar-n";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String fix() {
        return "Use text with CHECK (char_length(c) <= n); a later limit change is a NOT VALID CHECK + VALIDATE.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachColumnType(s, (at, type) -> {
            if (type.isFixedOrLimitedCharacter()) {
                sink.report(at, "column type " + type.normalized() + " puts the length limit in the type");
            }
        });
    }
}
