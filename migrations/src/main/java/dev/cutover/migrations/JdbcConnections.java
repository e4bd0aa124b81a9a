package dev.cutover.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens PostgreSQL JDBC connections through the driver itself rather than DriverManager. */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    /**
     * A new connection to {@code jdbcUrl}. DriverManager only sees drivers registered by the caller's class loader,
     * and the service reaches this code from several (Quarkus dev and test modes).
     */
    public static Connection open(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
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
}
