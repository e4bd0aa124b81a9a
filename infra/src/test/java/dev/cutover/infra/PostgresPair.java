package dev.cutover.infra;

import dev.cutover.migrations.testing.ServerUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming replica made from it with {@code pg_basebackup}, on this machine's own
 * PostgreSQL binaries, in a temporary directory, with trust authentication on 127.0.0.1; stopped and deleted on close.
 * A test that needs a replica makes its own: the shared test server has no replication access to give.
 */
final class PostgresPair implements AutoCloseable {

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    final int primaryPort;
    final int replicaPort;

    private PostgresPair(Path bin, Path dir, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** The newest installed server's binaries that can make a replica, if any. */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_basebackup")))
                    .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                            Comparator.comparingDouble(PostgresPair::version)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double version(String name) {
        return name.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(name) : 0;
    }

    /** Starts a primary and a replica streaming from it; the replica reports its replay position every second. */
    static PostgresPair start(Path bin) throws IOException {
        Path dir = Files.createTempDirectory("cutover-pair");
        PostgresPair pair = new PostgresPair(bin, dir, freePort(), freePort());
        try {
            pair.runOrThrow("chown", "-R", ServerUser.name(), dir.toString());
            pair.tool("initdb", "-D", dir.resolve("primary").toString(), "-A", "trust", "-U", "postgres", "--no-sync");
            pair.startServer("primary", pair.primaryPort);
            pair.tool("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(pair.primaryPort), "-U", "postgres",
                    "-D", dir.resolve("replica").toString(), "-R", "-X", "stream", "--no-sync");
            pair.startServer("replica", pair.replicaPort, "-c", "wal_receiver_status_interval=1s");
        } catch (RuntimeException | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    Connection primary(String database, String user) throws SQLException {
        return connect(primaryPort, database, user);
    }

    Connection replica(String database, String user) throws SQLException {
        return connect(replicaPort, database, user);
    }

    /** Runs {@code psql} against the primary's {@code database} as {@code postgres} with {@code args}. */
    Processes.Result psql(String database, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U", "postgres", "-d", database));
        command.addAll(List.of(args));
        return Processes.run(dir, Map.of(), 120, command);
    }

    @Override
    public void close() {
        for (String server : List.of("replica", "primary")) {
            if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
                Processes.run(dir, Map.of(), 60, ServerUser.wrap(List.of(bin.resolve("pg_ctl").toString(), "-D",
                        dir.resolve(server).toString(), "-m", "immediate", "-w", "stop")));
            }
        }
        Processes.run(Path.of("/"), Map.of(), 60, List.of("rm", "-rf", dir.toString()));
    }

    private void startServer(String name, int port, String... settings) {
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dir, "-c", "fsync=off"));
        options.addAll(List.of(settings));
        tool("pg_ctl", "-D", dir.resolve(name).toString(), "-l", dir.resolve(name + ".log").toString(), "-w",
                "-o", String.join(" ", options), "start");
    }

    private void tool(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(name).toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(dir, Map.of(), 180, ServerUser.wrap(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(name + " failed: " + result.output());
        }
    }

    private void runOrThrow(String... command) {
        Processes.Result result = Processes.run(dir, Map.of(), 60, List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    private static Connection connect(int port, String database, String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
