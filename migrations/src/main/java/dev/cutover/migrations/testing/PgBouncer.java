package dev.cutover.migrations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer in front of one database, in transaction pooling mode with a small server pool, as deployments
 * with many instances run it; started as its own daemon and stopped on close.
 */
public final class PgBouncer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    private final Path dir;
    private final int port;
    private final String database;

    private PgBouncer(Path dir, int port, String database) {
        this.dir = dir;
        this.port = port;
        this.database = database;
    }

    /** Whether PgBouncer is installed here. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts PgBouncer for {@code db} with at most {@code serverConnections} server sessions. */
    public static PgBouncer start(ScratchDatabase db, int serverConnections) {
        return start(db.host(), db.port(), db.name(), db.user(), db.password(), serverConnections);
    }

    /**
     * Starts PgBouncer for {@code database} on {@code host:port}, connecting to it as {@code user} (with
     * {@code password} unless empty or null), with at most {@code serverConnections} server sessions.
     */
    public static PgBouncer start(String host, int port, String database, String user, String password,
                                  int serverConnections) {
        try {
            Path dir = Files.createTempDirectory("pgbouncer");
            int listen = Commands.freePort();
            String auth = password == null || password.isEmpty() ? "" : " password=" + password;
            Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                    "[databases]",
                    database + " = host=" + host + " port=" + port + " dbname=" + database + " user=" + user + auth,
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + listen,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + dir.resolve("users.txt"),
                    "pool_mode = transaction",
                    "default_pool_size = " + serverConnections,
                    "max_client_conn = 1000",
                    // The JDBC driver sends these at connect; PgBouncer refuses unknown startup parameters otherwise.
                    "ignore_startup_parameters = extra_float_digits,options",
                    "logfile = " + dir.resolve("pgbouncer.log"),
                    "pidfile = " + dir.resolve("pgbouncer.pid"),
                    ""));
            Files.writeString(dir.resolve("users.txt"), "\"" + user + "\" \"\"\n");
            PgBouncer bouncer = new PgBouncer(dir, listen, database);
            try {
                Commands.run(30, List.of("chown", "-R", ServerUser.name(), dir.toString()));
                Commands.run(30, ServerUser.wrap(List.of(BINARY.toString(), "-d", dir.resolve("pgbouncer.ini").toString())));
                Commands.awaitListening(listen, 20, bouncer::log);
            } catch (RuntimeException | Error e) {
                bouncer.close();
                throw e;
            }
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service's {@code DATABASE_URL} through PgBouncer (which authenticates to PostgreSQL itself). */
    public String url(String user) {
        return "postgresql://" + user + "@127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL through PgBouncer. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** What PgBouncer logged. */
    public String log() {
        try {
            Path log = dir.resolve("pgbouncer.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Path pid = dir.resolve("pgbouncer.pid");
        try {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            // no daemon to stop
        }
        Commands.run(30, List.of("rm", "-rf", dir.toString()));
    }
}
