package dev.cutover.service.matrix;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.Backfills;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A shipped SQL backfill run over part of its key space, as its workers leave it when stopped there (they walk the
 * keys in order): the rows above the cut keep what they had before the backfill.
 */
final class PartialBackfill {

    /** The value below every key of each key type the backfills use. */
    private static final Map<String, String> LOWEST = Map.of("uuid", "00000000-0000-0000-0000-000000000000",
            "bigint", Long.toString(Long.MIN_VALUE), "integer", Integer.toString(Integer.MIN_VALUE));

    private PartialBackfill() {
    }

    /** Runs {@code name} on the keys up to the middle one; returns the rows it changed. */
    static long firstHalf(Connection c, String name) throws SQLException {
        Backfill backfill = Backfills.require(name);
        String type = keyType(c, backfill);
        String middle;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + backfill.keyColumn()
                + "::text FROM " + backfill.table() + " ORDER BY 1 OFFSET (SELECT count(*) / 2 FROM "
                + backfill.table() + ") LIMIT 1")) {
            if (!rs.next()) {
                return 0;
            }
            middle = rs.getString(1);
        }
        return run(c, backfill, type, LOWEST.get(type), middle);
    }

    /**
     * Whether the backfill's statement runs on this schema (its table and columns exist): tried on an empty key range
     * in a transaction rolled back.
     */
    static boolean runsOn(Connection c, String name) throws SQLException {
        Backfill backfill = Backfills.require(name);
        String type;
        try {
            type = keyType(c, backfill);
        } catch (IllegalStateException noTable) {
            return false;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            run(c, backfill, type, LOWEST.get(type), LOWEST.get(type));
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    private static long run(Connection c, Backfill backfill, String type, String from, String to) throws SQLException {
        // The bounds are keys read from the table or the constants above, so they can be literals.
        String sql = backfill.sql().orElseThrow(() -> new IllegalStateException(backfill.name() + " is not SQL"))
                .replace("$from", "CAST('" + from + "' AS " + type + ")")
                .replace("$to", "CAST('" + to + "' AS " + type + ")")
                .replace("$slice", "true");
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(sql);
        }
    }

    private static String keyType(Connection c, Backfill backfill) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, backfill.table());
            ps.setString(2, backfill.keyColumn());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !LOWEST.containsKey(rs.getString(1))) {
                    throw new IllegalStateException("no key " + backfill.table() + "." + backfill.keyColumn()
                            + " of a known type");
                }
                return rs.getString(1);
            }
        }
    }
}
