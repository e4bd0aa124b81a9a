package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** {@code timestamp} without time zone stores wall-clock values whose meaning depends on every writer's time zone. */
public final class TimestampWithoutTimeZone implements LintRule {

    @Override
    public String id() {
        return "timestamp-without-time-zone";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String fix() {
        return "Use timestamptz (timestamp with time zone): same 8 bytes, stores an instant.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachColumnType(s, (at, type) -> {
            if (type.isTimestampWithoutTimeZone()) {
                sink.report(at, "column type " + type.normalized() + " has no time zone: its values mean different "
                        + "instants to writers in different zones");
            }
        });
    }
}
