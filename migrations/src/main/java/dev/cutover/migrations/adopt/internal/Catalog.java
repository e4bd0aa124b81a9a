package dev.cutover.migrations.adopt.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one relation of the current schema from PostgreSQL's catalog: its kind, columns, indexes and foreign keys. */
public final class Catalog {

    /** A column as {@code format_type} spells its type. */
    public record Column(String name, String type, boolean notNull) {
        public String describe() {
            return type + (notNull ? " NOT NULL" : " NULL");
        }
    }

    /** An index: plain means on columns only, without expressions or a predicate. */
    public record Index(String name, boolean primary, boolean unique, List<String> columns, boolean plain) {
        public String describe() {
            return (primary ? "primary key " : unique ? "unique index " : "index ") + name + " ("
                    + String.join(", ", columns) + ")" + (plain ? "" : " with expressions or a predicate");
        }
    }

    private final Connection connection;

    public Catalog(Connection connection) {
        this.connection = connection;
    }

    /** {@code r} table, {@code v} view, ...; empty when no relation of that name is in the current schema. */
    public Optional<Character> kind(String relation) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relname = ?""")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).charAt(0)) : Optional.empty();
            }
        }
    }

    public Map<String, Column> columns(String table) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
                FROM pg_attribute a
                WHERE a.attrelid = format('%I.%I', current_schema(), ?::text)::regclass AND a.attnum > 0
                  AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return columns;
    }

    public Map<String, Index> indexes(String table) throws SQLException {
        Map<String, Index> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT i.relname, x.indisprimary, x.indisunique,
                       array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                             JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                             ORDER BY k.n)::text[],
                       x.indexprs IS NULL AND x.indpred IS NULL
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = format('%I.%I', current_schema(), ?::text)::regclass
                ORDER BY i.relname""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = new ArrayList<>(Arrays.asList((String[]) rs.getArray(4).getArray()));
                    indexes.put(rs.getString(1), new Index(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
                            List.copyOf(cols), rs.getBoolean(5)));
                }
            }
        }
        return indexes;
    }

    /** Foreign keys by name, each as {@code pg_get_constraintdef} writes it. */
    public Map<String, String> foreignKeys(String table) throws SQLException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = format('%I.%I', current_schema(), ?::text)::regclass AND contype = 'f'
                ORDER BY conname""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return keys;
    }
}
