package dev.cutover.migrations.probe.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalog reads the probe needs: the user tables with their storage files, and a backend's table locks. */
public final class Relations {

    /** A table: its oid, schema and name, the name quoted for SQL, and its relfilenode (changes on a rewrite). */
    public record Table(long oid, String schema, String name, String quoted, long relfilenode) {
        public String display() {
            return schema + "." + name;
        }
    }

    /** A relation lock of one backend: the relation's oid, the pg_locks mode, and whether it is granted yet. */
    public record Lock(long relation, String mode, boolean granted) {
    }

    private Relations() {
    }

    /** The user tables (ordinary, partitioned, materialized views) by oid, Flyway's history table left out. */
    public static Map<Long, Table> tables(Connection c) throws SQLException {
        Map<Long, Table> tables = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT c.oid::bigint, n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                       c.relfilenode::bigint
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'm')
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                   AND c.relname <> 'flyway_schema_history'
                 ORDER BY 2, 3""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tables.put(rs.getLong(1), new Table(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)));
            }
        }
        return tables;
    }

    /** The relation locks backend {@code pid} holds or waits for. */
    public static List<Lock> locks(Connection c, int pid) throws SQLException {
        List<Lock> locks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT relation::bigint, mode, granted FROM pg_locks WHERE locktype = 'relation' AND pid = ?")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    locks.add(new Lock(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return locks;
    }

    /** Whether backend {@code pid} waits for any lock (a relation, or another transaction to end). */
    public static boolean waiting(Connection c, int pid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE pid = ? AND NOT granted")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    public static int backendPid(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
