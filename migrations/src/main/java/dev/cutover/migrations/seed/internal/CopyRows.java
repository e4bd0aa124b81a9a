package dev.cutover.migrations.seed.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.LongFunction;
import org.postgresql.copy.CopyManager;

/** What every seeder shares: COPY's text format, and finding how many seeded rows an earlier run committed. */
public final class CopyRows {

    private CopyRows() {
    }

    /** Appends a field in COPY's text format, then {@code separator} (a tab, or the line's newline). */
    public static StringBuilder field(StringBuilder row, Object value, char separator) {
        row.append(value == null ? "\\N" : text(value.toString()));
        return row.append(separator);
    }

    /** Copies rows already in COPY's text format into the table named in {@code copySql}. */
    public static void copyIn(CopyManager copy, String copySql, CharSequence rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copyIn(copy, copySql, bytes, bytes.length);
    }

    /** Copies rows already written by a {@link CopyText} into the table named in {@code copySql}. */
    public static void copyIn(CopyManager copy, String copySql, CopyText rows) throws SQLException {
        copyIn(copy, copySql, rows.bytes(), rows.size());
    }

    private static void copyIn(CopyManager copy, String copySql, byte[] rows, int size) throws SQLException {
        try {
            copy.copyIn(copySql, new ByteArrayInputStream(rows, 0, size));
        } catch (IOException e) {
            throw new SQLException("COPY of seeded rows failed: " + e.getMessage(), e);
        }
    }

    /**
     * The highest n such that seeded rows 1..n are there, by binary search on primary-key probes: chunks commit in
     * order, so what an earlier run committed is a prefix. {@code probeSql} takes the id as its one parameter.
     */
    public static long seededPrefix(Connection connection, String probeSql, LongFunction<UUID> idOf, long rows)
            throws SQLException {
        try (PreparedStatement probe = connection.prepareStatement(probeSql)) {
            long low = 0;
            long high = rows;
            while (low < high) {
                long mid = low + (high - low + 1) / 2;
                probe.setObject(1, idOf.apply(mid));
                boolean present;
                try (ResultSet rs = probe.executeQuery()) {
                    present = rs.next();
                }
                if (present) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }
    }

    /** Escapes what COPY's text format treats specially. */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
