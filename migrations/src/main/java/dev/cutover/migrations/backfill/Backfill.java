package dev.cutover.migrations.backfill;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named backfill of one table, walked in key order: either an SQL statement over a key range (with the
 * placeholders {@code $from} and {@code $to}, e.g. {@code UPDATE t SET c = f(x) WHERE id > $from AND id <= $to AND
 * c IS DISTINCT FROM f(x)}) or a {@link BatchFunction}.
 */
public record Backfill(String name, String table, String keyColumn, Optional<String> sql,
                       Optional<BatchFunction> function) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,100}");

    public Backfill {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("backfill name must be 1-100 of [a-z0-9_.-]: " + name);
        }
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(keyColumn).matches()) {
            throw new IllegalArgumentException("table and key column must be plain lower-case identifiers: "
                    + table + "." + keyColumn);
        }
        if (sql.isPresent() == function.isPresent()) {
            throw new IllegalArgumentException("a backfill has either an SQL statement or a batch function");
        }
        sql.ifPresent(s -> {
            if (!s.contains("$from") || !s.contains("$to")) {
                throw new IllegalArgumentException("backfill SQL must bound its key range with $from and $to: " + name);
            }
        });
    }

    /** A backfill whose batch is one SQL statement over {@code $from < key <= $to}. */
    public static Backfill ofSql(String name, String table, String keyColumn, String sql) {
        return new Backfill(name, table, keyColumn, Optional.of(sql), Optional.empty());
    }

    /** A backfill whose batch is a Java function over a key range. */
    public static Backfill ofFunction(String name, String table, String keyColumn, BatchFunction function) {
        return new Backfill(name, table, keyColumn, Optional.empty(), Optional.of(function));
    }
}
