package dev.cutover.service;

import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.migrations.testing.ServerUser;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer in front of one scratch database, in transaction pooling mode with a small server pool, as
 * deployments with many instances run it; started as its own daemon and stopped on close.
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
    public static PgBouncer start(ScratchDatabase db, int serverConnections) throws Exception {
        Path dir = Files.createTempDirectory("pgbouncer");
        int port = PackagedService.freePort();
        String password = db.password() == null || db.password().isEmpty() ? "" : " password=" + db.password();
        Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                db.name() + " = host=" + db.host() + " port=" + db.port() + " dbname=" + db.name() + " user=" + db.user()
                        + password,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
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
        Files.writeString(dir.resolve("users.txt"), "\"" + db.user() + "\" \"\"\n");
        PgBouncer bouncer = new PgBouncer(dir, port, db.name());
        try {
            bouncer.run(List.of("chown", "-R", ServerUser.name(), dir.toString()));
            bouncer.run(ServerUser.wrap(List.of(BINARY.toString(), "-d", dir.resolve("pgbouncer.ini").toString())));
            bouncer.awaitListening();
        } catch (Exception | AssertionError e) {
            bouncer.close();
            throw e;
        }
        return bouncer;
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
    public String log() throws IOException {
        Path log = dir.resolve("pgbouncer.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        Path pid = dir.resolve("pgbouncer.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("PgBouncer did not listen on " + port + ": " + log());
    }

    private void run(List<String> command) throws Exception {
        // Output to a file, not a pipe: the daemon PgBouncer forks could hold a pipe open after its parent exits.
        Path output = Files.createTempFile("pgbouncer-command", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(command + " failed: " + Files.readString(output) + log());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
