package dev.cutover.migrations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming replica made from it with {@code pg_basebackup}, on this machine's own
 * PostgreSQL binaries, in a temporary directory, with trust authentication on 127.0.0.1; stopped and deleted on close.
 * A test that needs a replica makes its own: the shared test server has no replication access to give.
 */
public final class PostgresPair implements AutoCloseable {

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int replicaPort;

    private PostgresPair(Path bin, Path dir, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** The newest installed server's binaries that can make a replica, if any. */
    public static Optional<Path> binaries() {
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

    /**
     * Starts a primary with {@code settings} ({@code name=value}, as for {@code postgres -c}) and a replica with the
     * same settings streaming from it, which reports its replay position every second.
     */
    public static PostgresPair start(Path bin, String... settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("cutover-pair");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresPair pair = new PostgresPair(bin, dir, Commands.freePort(), Commands.freePort());
        try {
            Commands.run(60, List.of("chown", "-R", ServerUser.name(), dir.toString()));
            pair.tool("initdb", "-D", dir.resolve("primary").toString(), "-A", "trust", "-U", "postgres", "--no-sync");
            pair.startServer("primary", pair.primaryPort, settings);
            pair.tool("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(pair.primaryPort), "-U", "postgres",
                    "-D", dir.resolve("replica").toString(), "-R", "-X", "stream", "--no-sync");
            // A hot standby needs at least the primary's max_connections and the like: it gets the same settings.
            List<String> replica = new ArrayList<>(List.of(settings));
            replica.add("wal_receiver_status_interval=1s");
            pair.startServer("replica", pair.replicaPort, replica.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    public Connection primary(String database, String user) throws SQLException {
        return connect(primaryPort, database, user);
    }

    public Connection replica(String database, String user) throws SQLException {
        return connect(replicaPort, database, user);
    }

    /** Runs {@code psql} against the primary's {@code database} as {@code postgres}; its output, or a failure with it. */
    public String psql(String database, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U", "postgres", "-d", database));
        command.addAll(List.of(args));
        return Commands.run(300, command);
    }

    @Override
    public void close() {
        for (String server : List.of("replica", "primary")) {
            if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
                try {
                    tool("pg_ctl", "-D", dir.resolve(server).toString(), "-m", "immediate", "-w", "stop");
                } catch (IllegalStateException alreadyStopped) {
                    // the pid file outlived its server
                }
            }
        }
        Commands.run(60, List.of("rm", "-rf", dir.toString()));
    }

    private void startServer(String name, int port, String... settings) {
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dir, "-c", "fsync=off"));
        for (String setting : settings) {
            options.addAll(List.of("-c", setting));
        }
        try {
            tool("pg_ctl", "-D", dir.resolve(name).toString(), "-l", dir.resolve(name + ".log").toString(), "-w",
                    "-o", String.join(" ", options), "start");
        } catch (IllegalStateException e) {
            String log;
            try {
                log = Files.readString(dir.resolve(name + ".log"));
            } catch (IOException unreadable) {
                log = "(no log)";
            }
            throw new IllegalStateException("the " + name + " did not start: " + log, e);
        }
    }

    private void tool(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(name).toString()));
        command.addAll(List.of(args));
        Commands.run(600, ServerUser.wrap(command));
    }

    private static Connection connect(int port, String database, String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }
}
