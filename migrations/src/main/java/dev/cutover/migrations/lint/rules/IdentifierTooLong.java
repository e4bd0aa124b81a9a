package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import java.nio.charset.StandardCharsets;

/** PostgreSQL cuts identifiers longer than 63 bytes without an error, so a later statement naming the full name finds nothing. */
public final class IdentifierTooLong implements LintRule {

    private static final int MAX_BYTES = 63;

    @Override
    public String id() {
        return "identifier-too-long";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Shorten the name to at most 63 bytes (UTF-8).";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        for (Token t : s.tokens()) {
            boolean identifier = (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER);
            int bytes = t.identifier().getBytes(StandardCharsets.UTF_8).length;
            if (identifier && bytes > MAX_BYTES) {
                sink.report(t, "identifier " + t.text() + " is " + bytes + " bytes; PostgreSQL keeps only the first "
                        + MAX_BYTES);
            }
        }
    }
}
