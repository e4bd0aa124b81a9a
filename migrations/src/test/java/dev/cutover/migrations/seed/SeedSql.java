package dev.cutover.migrations.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Queries the seed tests read their results with. */
final class SeedSql {

    private SeedSql() {
    }

    /** The one value of a query that must return a row. */
    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(single(c, sql));
    }

    /** Every row as its fields' text joined by {@code |}. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    fields.add(rs.getString(i));
                }
                rows.add(String.join("|", fields));
            }
        }
        return rows;
    }
}
