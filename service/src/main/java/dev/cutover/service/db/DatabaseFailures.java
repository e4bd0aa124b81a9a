package dev.cutover.service.db;

import dev.cutover.migrations.jdbc.SqlStates;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Recognises database failures however deeply the drivers and Hibernate Reactive wrap them (causes, suppressed
 * exceptions, {@link SQLException}s that carry only the SQLSTATE and the server's message), by the codes of the
 * migrations module's {@link SqlStates}.
 */
public final class DatabaseFailures {

    /** Thrown by Netty, Vert.x and the JDK when the server cannot be reached or the connection dies. */
    private static final Set<String> UNAVAILABLE_TYPES = Set.of(
            "java.net.ConnectException", "java.net.NoRouteToHostException", "java.net.SocketException",
            "java.nio.channels.ClosedChannelException", "io.netty.channel.ConnectTimeoutException",
            "io.vertx.sqlclient.ClosedConnectionException", "io.vertx.core.impl.NoStackTraceTimeoutException",
            "io.vertx.core.http.ConnectionPoolTooBusyException", "io.netty.channel.unix.Errors$NativeIoException");

    private DatabaseFailures() {
    }

    /** True when a unique index named {@code constraintPrefix...} refused the write (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable failure, String constraintPrefix) {
        return isUniqueViolation(failure) && any(failure, t -> message(t).contains("\"" + constraintPrefix));
    }

    /** True when a unique index refused the write (SQLSTATE 23505), whatever its name. */
    public static boolean isUniqueViolation(Throwable failure) {
        return any(failure, t -> SqlStates.UNIQUE_VIOLATION.equals(sqlState(t))
                || message(t).contains("duplicate key value violates unique constraint"));
    }

    /** True when a foreign key refused the write (SQLSTATE 23503): the row it points to is gone. */
    public static boolean isForeignKeyViolation(Throwable failure) {
        return any(failure, t -> SqlStates.FOREIGN_KEY_VIOLATION.equals(sqlState(t)));
    }

    /**
     * True when PostgreSQL refused text it cannot store: a NUL character (0x00) or one outside the database's
     * encoding (SQLSTATE 22021, 22P05). The request's input is wrong, and nothing was written.
     */
    public static boolean isInvalidText(Throwable failure) {
        return any(failure, t -> {
            String state = sqlState(t);
            return state != null && SqlStates.INVALID_TEXT.contains(state); // Set.of refuses to look up null
        });
    }

    /** True when the failure means the database cannot be reached now, not that the request was wrong. */
    public static boolean isUnavailable(Throwable failure) {
        return any(failure, t -> {
            String state = sqlState(t);
            // Connection exceptions, the server shutting down or starting, too many connections.
            if (state != null && (SqlStates.isConnectionFailure(state) || SqlStates.SERVER_UNAVAILABLE.contains(state))) {
                return true;
            }
            if (UNAVAILABLE_TYPES.contains(t.getClass().getName())) {
                return true;
            }
            String message = message(t).toLowerCase(Locale.ROOT);
            // "not active now": Vert.x writing to a connection the server has just terminated (a pipelined one).
            return message.contains("connection was already closed") || message.contains("connection refused")
                    || message.contains("connection reset") || message.contains("pending requests fails on close")
                    || message.contains("connection is not active now");
        });
    }

    private static boolean any(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        if (t instanceof io.vertx.pgclient.PgException pg) {
            return pg.getSqlState();
        }
        return null;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage();
    }
}
