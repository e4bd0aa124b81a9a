package dev.cutover.migrations.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells whether two connections reach PostgreSQL through a pooler that hands one server session to several clients
 * (PgBouncer in transaction or statement mode), where session state (SET, session advisory locks, named prepared
 * statements) leaks from one client to another.
 */
public final class SharedSessions {

    private static final int ROUNDS = 4;

    private SharedSessions() {
    }

    /**
     * What shows that {@code a} and {@code b}, two connections to the same place in autocommit, share server sessions;
     * empty when each kept a backend of its own. Connected directly, a session keeps its backend and two sessions
     * never have the same one; through such a pooler, a client's next statement may run on another backend, and one
     * backend serves both clients (PgBouncer reuses the server it released last).
     */
    public static Optional<String> evidence(Connection a, Connection b) throws SQLException {
        List<Integer> seenByA = new ArrayList<>();
        List<Integer> seenByB = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            seenByA.add(backendPid(a));
            seenByB.add(backendPid(b));
        }
        Set<Integer> shared = new HashSet<>(seenByA);
        shared.retainAll(seenByB);
        if (!shared.isEmpty()) {
            return Optional.of("two client sessions were served by the same server process (pid " + shared.iterator().next()
                    + ")");
        }
        if (new HashSet<>(seenByA).size() > 1 || new HashSet<>(seenByB).size() > 1) {
            return Optional.of("one client session was served by several server processes (pids " + seenByA + ")");
        }
        return Optional.empty();
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
