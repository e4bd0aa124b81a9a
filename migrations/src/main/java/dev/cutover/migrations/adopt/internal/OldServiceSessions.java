package dev.cutover.migrations.adopt.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions that look like the old service: connected to this database, and their latest statement used the
 * template's table names ({@code "user"}, {@code item}), which only the compatibility views answer to.
 */
public final class OldServiceSessions {

    private OldServiceSessions() {
    }

    /** One line per such session: pid, application, client, state and its latest statement. */
    public static List<String> find(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT pid, application_name, coalesce(host(client_addr), 'local'), state,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 120)
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                  AND query ~* '(from|into|update|join)\\s+("user"|item)([^a-z0-9_]|$)'
                ORDER BY pid""")) {
            while (rs.next()) {
                found.add("pid " + rs.getInt(1) + " (application '" + rs.getString(2) + "', client " + rs.getString(3)
                        + ", " + rs.getString(4) + "): " + rs.getString(5));
            }
        }
        return found;
    }
}
