package dev.cutover.migrations.guard.internal;

import dev.cutover.migrations.guard.Blocker;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads, from a connection of its own, which other sessions hold what a migration needs; and cancels them. */
public final class Sessions {

    // Relations named by the script, the tables of named indexes, and every index of those tables: a lock on any of
    // them conflicts with DDL on the table.
    private static final String RELATIONS = """
            WITH named AS (
              SELECT to_regclass(n) AS rel FROM unnest(?::text[]) AS n
            ), tables AS (
              SELECT coalesce(i.indrelid, named.rel) AS rel
              FROM named LEFT JOIN pg_index i ON i.indexrelid = named.rel
              WHERE named.rel IS NOT NULL
            ), rels AS (
              SELECT rel FROM tables
              UNION SELECT i.indexrelid FROM pg_index i JOIN tables t ON i.indrelid = t.rel
            )
            """;
    private static final String HOLDERS = RELATIONS + """
            SELECT a.pid, a.usename, a.application_name, a.state,
                   (extract(epoch FROM now() - a.xact_start) * 1000)::bigint AS age_ms, a.query,
                   string_agg(DISTINCT l.mode, ', ') AS modes,
                   string_agg(DISTINCT l.relation::regclass::text, ', ') AS relations
            FROM pg_stat_activity a
            LEFT JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.relation IN (SELECT rel FROM rels)
            WHERE a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
              AND a.datname = current_database() AND a.xact_start IS NOT NULL
              AND now() - a.xact_start >= make_interval(secs => ? / 1000.0)
            GROUP BY a.pid, a.usename, a.application_name, a.state, a.xact_start, a.query
            HAVING count(l.relation) > 0 OR ?
            ORDER BY a.xact_start
            LIMIT 20
            """;

    // Other client sessions on the database, by application_name; the guarded run's own sessions are left out.
    private static final String CLIENTS = """
            SELECT coalesce(nullif(application_name, ''), '(unnamed)') AS app, count(*) AS n
            FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND datname = current_database()
              AND application_name NOT LIKE 'cutover-migrate%'
            GROUP BY 1 ORDER BY 2 DESC, 1
            """;

    private final Connection connection;

    public Sessions(Connection connection) {
        this.connection = connection;
    }

    /** The other client sessions on this database as "application (count)", most first; empty when there are none. */
    public List<String> otherClients() throws SQLException {
        List<String> clients = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(CLIENTS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                clients.add(rs.getString("app") + " (" + rs.getLong("n") + ")");
            }
        }
        return clients;
    }

    /**
     * Sessions whose transaction is at least {@code minAge} old and that hold a lock on {@code relations}; with
     * {@code anyOldTransaction}, every such old transaction in the database (a concurrent index build waits for all).
     */
    public List<Blocker> blockers(List<String> relations, Duration minAge, boolean anyOldTransaction) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(HOLDERS)) {
            Array names = connection.createArrayOf("text", relations.toArray());
            ps.setArray(1, names);
            ps.setLong(2, minAge.toMillis());
            ps.setBoolean(3, anyOldTransaction);
            List<Blocker> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Blocker(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                            rs.getString("state"), Duration.ofMillis(rs.getLong("age_ms")), rs.getString("query"),
                            rs.getString("modes"), rs.getString("relations")));
                }
            }
            return found;
        }
    }

    /**
     * Cancels each blocker's running query, or terminates its session when it sits idle in a transaction (a cancel
     * does not end those); returns what was done to each.
     */
    public List<String> cancel(List<Blocker> blockers) throws SQLException {
        List<String> done = new ArrayList<>();
        for (Blocker b : blockers) {
            boolean idle = b.state() != null && b.state().startsWith("idle in transaction");
            try (PreparedStatement ps = connection.prepareStatement(
                    idle ? "SELECT pg_terminate_backend(?)" : "SELECT pg_cancel_backend(?)")) {
                ps.setInt(1, b.pid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    done.add((idle ? "terminated pid " : "cancelled the query of pid ") + b.pid()
                            + (rs.getBoolean(1) ? "" : " (it had already gone)"));
                }
            }
        }
        return done;
    }
}
