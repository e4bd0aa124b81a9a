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
    /** unique_violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** foreign_key_violation. */
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    /** Text PostgreSQL cannot store: character_not_in_repertoire (a NUL), untranslatable_character (the encoding). */
    public static final Set<String> INVALID_TEXT = Set.of("22021", "22P05");
    /** The server cannot serve now: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
    public static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

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
        return isConnectionFailure(e.getSQLState());
    }

    /** Whether {@code state} (null when there is none) is a connection failure (class 08). */
    public static boolean isConnectionFailure(String state) {
        return state != null && state.startsWith("08");
    }
}
