package dev.cutover.migrations.adopt.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Accounts whose emails differ only in case or surrounding spaces: the template keeps them apart (its unique index
 * is on the raw email), Cutover's unique index on {@code lower(btrim(email))} cannot be built over them.
 */
public final class DuplicateEmails {

    private static final int SHOWN = 20;

    private DuplicateEmails() {
    }

    /** One line per normalized email held by several rows, naming each row's id and email; at most 20. */
    public static List<String> find(Connection c, String table) throws SQLException {
        List<String> found = new ArrayList<>();
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT lower(btrim(email)), string_agg(id || ' ' || quote_literal(email), ', ' ORDER BY email, id) "
                        + "FROM " + quoted + " GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT " + SHOWN)) {
            while (rs.next()) {
                found.add(rs.getString(1) + " is held by " + rs.getString(2));
            }
        }
        return found;
    }
}
