package dev.cutover.migrations.jdbc;

import java.sql.SQLException;
import java.util.Set;

/** The SQLSTATE codes Cutover reacts to, and where to find one in an exception's causes. */
public final class SqlStates {

    /** lock_not_available: a statement waited longer than lock_timeout. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** insufficient_privilege. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** undefined_table. */
    public static final String UNDEFINED_TABLE = "42P01";
    /** A statement that gave way to other sessions and may succeed when tried again: lock_timeout,
     * statement_timeout (query_canceled), deadlock_detected, serialization_failure. */
    public static final Set<String> RETRYABLE = Set.of(LOCK_NOT_AVAILABLE, "57014", "40P01", "40001");

    private SqlStates() {
    }

    /** The first SQLException in {@code e}'s causes with {@code state}, or with any state when {@code state} is null. */
    public static SQLException find(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && (state == null ? s.getSQLState() != null : state.equals(s.getSQLState()))) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code e} is a connection failure (class 08): the session is gone. */
    public static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
