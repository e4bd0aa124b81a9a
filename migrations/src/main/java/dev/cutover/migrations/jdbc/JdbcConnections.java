package dev.cutover.migrations.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The one way Cutover opens a JDBC connection: through the PostgreSQL driver itself rather than DriverManager.
 */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    /**
     * A new connection to {@code jdbcUrl}. DriverManager only sees drivers registered by the caller's class loader,
     * and the service reaches this code from several (Quarkus dev and test modes).
     */
    public static Connection open(String jdbcUrl, String user, String password) throws SQLException {
        return open(jdbcUrl, user, password, null);
    }

    /** A new connection to {@code jdbcUrl} named {@code applicationName} in pg_stat_activity (when not null). */
    public static Connection open(String jdbcUrl, String user, String password, String applicationName)
            throws SQLException {
        Properties props = new Properties();
        if (applicationName != null) {
            props.setProperty("ApplicationName", applicationName);
        }
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return c;
    }

    /** A new connection to {@code target}, with the credentials it carries. */
    public static Connection open(DatabaseUrl target) throws SQLException {
        return open(target.jdbcUrl(), target.user().orElse(null), target.password().orElse(null));
    }
}
