package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ADD COLUMN} whose value must be computed per row rewrites the table under ACCESS EXCLUSIVE: a volatile
 * default, a serial type, an identity or a stored generated column. PostgreSQL 11+ evaluates a non-volatile default
 * ({@code now()} is STABLE) once and keeps it in the catalog, which needs no rewrite.
 */
public final class VolatileDefault implements LintRule {

    /** Built-in and common extension functions marked VOLATILE in pg_proc. */
    private static final Set<String> VOLATILE = Set.of("random", "random_normal", "setseed", "gen_random_uuid",
            "uuidv4", "uuidv7", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp",
            "timeofday", "nextval", "gen_random_bytes");

    @Override
    public String id() {
        return "volatile-default";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "ADD COLUMN without the default (or with a constant one), then ALTER COLUMN ... SET DEFAULT in a "
                + "separate statement (brief, for new rows), then backfill existing rows in batches.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAddedColumn(s, context, (alter, column) -> {
            String why = perRowValue(column);
            if (why != null) {
                sink.report(column.nameToken(), "ADD COLUMN " + alter.table() + "." + column.name() + " with " + why
                        + " rewrites the whole table under ACCESS EXCLUSIVE (reads and writes wait for it)");
            }
        });
    }

    private static String perRowValue(ColumnDefinition column) {
        if (column.type().isSerial()) {
            return "type " + column.type().normalized() + " (a nextval() default)";
        }
        if (column.has("GENERATED") && column.has("IDENTITY")) {
            return "an identity";
        }
        if (column.has("GENERATED") && column.has("STORED")) {
            return "a stored generated expression";
        }
        List<Token> expression = column.defaultExpression();
        for (int i = 0; i + 1 < expression.size(); i++) {
            String name = expression.get(i).text().toLowerCase(Locale.ROOT);
            if (expression.get(i).kind() == Token.Kind.WORD && expression.get(i + 1).is("(") && VOLATILE.contains(name)) {
                return "the volatile default " + name + "()";
            }
        }
        return null;
    }
}
