package dev.cutover.migrations.backfill.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A table's primary-key space walked in order: the key's SQL type, the value below every key, and the next range of
 * at most N keys after a cursor (keyset, so each step reads only the keys of its batch from the index).
 */
public final class KeySpace {

    /** The value below every key of each supported type; a key equal to it would be skipped. */
    private static final Map<String, String> LOWEST = Map.of(
            "uuid", "00000000-0000-0000-0000-000000000000",
            "bigint", Long.toString(Long.MIN_VALUE),
            "integer", Integer.toString(Integer.MIN_VALUE),
            "smallint", Short.toString(Short.MIN_VALUE),
            "text", "");

    private final String table;
    private final String key;
    private final String type;

    private KeySpace(String table, String key, String type) {
        this.table = table;
        this.key = key;
        this.type = type;
    }

    /** Reads the key column's type from the catalog; refuses a missing column or an unsupported type. */
    public static KeySpace of(Connection c, String table, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, table);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no column " + key + " in table " + table);
                }
                String type = rs.getString(1);
                if (!LOWEST.containsKey(type)) {
                    throw new IllegalArgumentException("key " + table + "." + key + " is " + type
                            + "; supported: " + String.join(", ", LOWEST.keySet()));
                }
                return new KeySpace(table, key, type);
            }
        }
    }

    /** The row count: exact for small tables, the planner's estimate for large ones (a count would scan them). */
    public static long estimateRows(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no table " + table);
                }
                long estimate = rs.getLong(1);
                if (estimate >= 100_000) {
                    return estimate;
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public String lowest() {
        return LOWEST.get(type);
    }

    /** {@code CAST(? AS type)}, the placeholder a key bound as text takes in SQL. */
    public String parameter() {
        return "CAST(? AS " + type + ")";
    }

    /** The last key and the number of keys of the next range of at most {@code limit} keys after {@code from}. */
    public Range next(Connection c, String from, int limit) throws SQLException {
        // No max(uuid) in PostgreSQL 15: take the last key of the range and count the range with a window instead.
        try (PreparedStatement ps = c.prepareStatement("SELECT s.k::text AS last_key, count(*) OVER () FROM (SELECT " + key
                + " AS k FROM " + table + " WHERE " + key + " > " + parameter() + " ORDER BY " + key
                + " LIMIT ?) s ORDER BY s.k DESC LIMIT 1")) {
            ps.setString(1, from);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Range(rs.getString(1), rs.getLong(2)) : new Range(null, 0);
            }
        }
    }

    /** The upper bound (inclusive) of a range and how many keys it holds; {@code keys == 0} past the last key. */
    public record Range(String to, long keys) {
    }
}
