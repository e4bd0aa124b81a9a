package dev.cutover.migrations.testing;

import dev.cutover.migrations.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test or dev run, created on the server {@link PostgresServer#shared()} picks
 * and dropped when the JVM exits.
 */
public final class ScratchDatabase {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final PostgresServer server;
    private final String name;

    private ScratchDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * The database for {@code purpose} in this JVM: created on first call, the same one afterwards, also from other
     * class loaders (Quarkus builds and runs an application in different ones).
     */
    public static ScratchDatabase shared(String purpose) {
        String key = "scratchdb.database." + purpose;
        synchronized (System.getProperties()) {
            String existing = System.getProperty(key);
            if (existing != null) {
                return new ScratchDatabase(PostgresServer.shared(), existing);
            }
            ScratchDatabase db = create(purpose);
            System.setProperty(key, db.name());
            return db;
        }
    }

    /** Creates a fresh, empty database whose name starts with {@code cutover_<purpose>_}. */
    public static ScratchDatabase create(String purpose) {
        PostgresServer server = PostgresServer.shared();
        String name = uniqueName(purpose);
        execute(server, "CREATE DATABASE " + name);
        return registered(new ScratchDatabase(server, name));
    }

    private static String uniqueName(String purpose) {
        return "cutover_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
                + "_" + LocalDateTime.now().format(STAMP)
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static ScratchDatabase registered(ScratchDatabase db) {
        if (!Boolean.getBoolean("scratchdb.keep")) {
            Runtime.getRuntime().addShutdownHook(new Thread(db::dropQuietly, "drop-" + db.name));
        }
        return db;
    }

    /**
     * Creates a new database {@code cutover_<purpose>_...} as a copy of this one ({@code CREATE DATABASE ... TEMPLATE}),
     * which must have no open connection; much faster than building the copy again.
     */
    public ScratchDatabase copy(String purpose) {
        String copy = uniqueName(purpose);
        execute(server, "CREATE DATABASE " + copy + " TEMPLATE " + name);
        return registered(new ScratchDatabase(server, copy));
    }

    public String name() {
        return name;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    /** The URL in the {@code postgresql://} form the Vert.x client and libpq tools take, without credentials. */
    public String url() {
        return "postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    /** Opens a new JDBC connection to this database. */
    public Connection connect() throws SQLException {
        return open(jdbcUrl(), server);
    }

    /** The server this database lives on, for tests that need to stop or restart it. */
    public PostgresServer server() {
        return server;
    }

    private void dropQuietly() {
        try {
            execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            // The server may already be gone at JVM exit (an embedded one stops in its own hook).
        }
    }

    private static Connection open(String jdbcUrl, PostgresServer server) throws SQLException {
        return JdbcConnections.open(jdbcUrl, server.user(), server.password());
    }

    private static void execute(PostgresServer server, String sql) {
        try (Connection c = open(server.adminJdbcUrl(), server); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + server.describe() + ": " + e.getMessage(), e);
        }
    }
}
