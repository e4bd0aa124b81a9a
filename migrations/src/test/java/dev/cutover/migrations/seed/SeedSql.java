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

    /**
     * Everything a bulk load drops and rebuilds, or touches on the way, as PostgreSQL prints it, for {@code tables}
     * (regclass expressions, comma-separated).
     */
    static List<String> schema(Connection c, String tables) throws SQLException {
        return rows(c, """
            SELECT 'index ' || indexname || ': ' || indexdef || coalesce(' -- ' || obj_description(
                       format('%I.%I', schemaname, indexname)::regclass, 'pg_class'), '')
            FROM pg_indexes WHERE format('%I.%I', schemaname, tablename)::regclass IN (TABLES)
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid)
                   || ' validated=' || convalidated || coalesce(' -- ' || obj_description(oid, 'pg_constraint'), '')
            FROM pg_constraint WHERE conrelid IN (TABLES)
            UNION ALL
            -- The foreign key's internal triggers are named after their OIDs, which a rebuild changes.
            SELECT 'trigger ' || regexp_replace(pg_get_triggerdef(oid), '(RI_ConstraintTrigger_[ac])_[0-9]+', '\\1_N')
                   || ' enabled=' || tgenabled::text
            FROM pg_trigger WHERE tgrelid IN (TABLES)
            UNION ALL
            SELECT 'column ' || attrelid::regclass || '.' || attname || ': ' || format_type(atttypid, atttypmod)
                   || ' not null=' || attnotnull || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE attrelid IN (TABLES) AND attnum > 0 AND NOT attisdropped
            ORDER BY 1""".replace("TABLES", tables));
    }
}
