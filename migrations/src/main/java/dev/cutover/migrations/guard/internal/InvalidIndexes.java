package dev.cutover.migrations.guard.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * INVALID indexes that an interrupted {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX CONCURRENTLY} left behind.
 * {@code IF NOT EXISTS} would skip over them, leaving the migration "applied" with an index that is never used and
 * slows every write.
 */
public final class InvalidIndexes {

    private static final String FIND = """
            SELECT format('%I.%I', n.nspname, c.relname)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid
              AND (c.oid IN (SELECT to_regclass(x) FROM unnest(?::text[]) AS x)
                   OR (c.relname ~ '_ccnew[0-9]*$'
                       AND i.indrelid IN (SELECT coalesce(ix.indrelid, t.r)
                                          FROM (SELECT to_regclass(x) AS r FROM unnest(?::text[]) AS x) t
                                          LEFT JOIN pg_index ix ON ix.indexrelid = t.r)))
            """;

    private InvalidIndexes() {
    }

    /** The invalid ones among {@code indexes}, and the leftovers of concurrent rebuilds on {@code relations}. */
    public static List<String> find(Connection c, List<String> indexes, List<String> relations) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            Array idx = c.createArrayOf("text", indexes.toArray());
            Array rel = c.createArrayOf("text", relations.toArray());
            ps.setArray(1, idx);
            ps.setArray(2, rel);
            List<String> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    /** Drops {@code index} without blocking writes; {@code c} must be in autocommit mode. */
    public static void drop(Connection c, String qualifiedIndex) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndex);
        }
    }
}
