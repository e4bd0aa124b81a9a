package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cutover.migrations.testing.PostgresPair;
import dev.cutover.migrations.testing.ServerUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's database side, run for real without Docker, on this machine's PostgreSQL and Debian's
 * PgBouncer (the version the pgbouncer image installs): the replica made by the stack's scripts, and the pooler with
 * its configuration. The images' gosu and docker-entrypoint.sh are stood in for; host names become 127.0.0.1.
 */
class ComposeDatabaseTest {

    static final Path COMPOSE = Repo.path("infra/compose");
    static final String PASSWORD = "replication-test";

    private Path dir;
    private Path bin;
    private final List<Path> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Path data : servers) {
            Processes.run(dir, Map.of(), 60, ServerUser.wrap(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-m", "immediate", "-w", "stop")));
        }
        if (dir != null) {
            Processes.run(Path.of("/"), Map.of(), 60, List.of("rm", "-rf", dir.toString()));
        }
    }

    /** A primary as the postgres image makes it: scram-sha-256 for other hosts, and no replication entry at all. */
    private int startPrimary(Path primary) throws IOException {
        Optional<Path> binaries = PostgresPair.binaries();
        assumeThat(binaries).as("PostgreSQL server binaries with pg_basebackup").isPresent();
        // In the containers the scripts run as root and hand over to postgres; so does this test.
        assumeThat(System.getProperty("user.name")).as("run as root, like the containers' entrypoints").isEqualTo("root");
        bin = binaries.get();
        int port = freePort();
        asServer(Map.of(), "initdb", "-D", primary.toString(), "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--no-sync");
        Files.writeString(primary.resolve("pg_hba.conf"), "local all all trust\nhost all all all scram-sha-256\n");
        startServer(primary, port);
        return port;
    }

    private void newDir() throws IOException {
        dir = Files.createTempDirectory("cutover-compose-db");
        run(List.of("chown", "-R", ServerUser.name(), dir.toString()));
    }

    /** compose/initdb-replication.sh, then compose/replica-entrypoint.sh: the copy streams from the slot. */
    @Test
    void theReplicaIsMadeByPgBasebackupAndStreamsFromTheSlot() throws Exception {
        newDir();
        Path primary = dir.resolve("primary");
        Path volume = dir.resolve("volume");
        Path replica = volume.resolve("pgdata");
        int primaryPort = startPrimary(primary);
        Files.createDirectories(volume);

        Map<String, String> initEnv = new HashMap<>(Map.of("POSTGRES_USER", "postgres", "POSTGRES_DB", "postgres",
                "PGDATA", primary.toString(), "CUTOVER_REPLICATION_PASSWORD", PASSWORD, "PGHOST", dir.toString(),
                "PGPORT", String.valueOf(primaryPort)));
        initEnv.put("PATH", bin + ":" + System.getenv("PATH"));
        Processes.Result init = Processes.run(dir, initEnv, 60,
                ServerUser.wrap(List.of("env", "PATH=" + initEnv.get("PATH"), serverCopy(COMPOSE.resolve("initdb-replication.sh")).toString())));
        assertThat(init.exitCode()).as(init.output()).isZero();
        asServer(Map.of(), "pg_ctl", "-D", primary.toString(), "reload");

        // The image's tools, stood in for: gosu USER CMD... runs CMD as USER; docker-entrypoint.sh records its arguments.
        Path fake = Files.createDirectories(dir.resolve("fakebin"));
        script(fake.resolve("gosu"), "#!/bin/sh\nuser=\"$1\"; shift\nexec runuser -u \"$user\" -- \"$@\"\n");
        script(fake.resolve("docker-entrypoint.sh"), "#!/bin/sh\necho \"$@\" > " + dir.resolve("entrypoint-args") + "\n");
        Path entrypoint = dir.resolve("replica-entrypoint.sh");
        String original = Files.readString(COMPOSE.resolve("replica-entrypoint.sh"));
        assertThat(original).contains("--host=postgres ");
        script(entrypoint, original.replace("--host=postgres ", "--host=127.0.0.1 "));
        Map<String, String> env = Map.of("PGDATA", replica.toString(), "PGPASSWORD", PASSWORD,
                "PGPORT", String.valueOf(primaryPort), "PATH", fake + ":" + bin + ":" + System.getenv("PATH"));

        Processes.Result first = Processes.run(dir, env, 180, List.of(entrypoint.toString(), "postgres", "-c", "x=y"));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(Files.readString(dir.resolve("entrypoint-args")).trim()).isEqualTo("postgres -c x=y");
        assertThat(replica.resolve("standby.signal")).exists();
        assertThat(volume.resolve("basebackup-unfinished")).doesNotExist();
        assertThat(Files.readString(replica.resolve("postgresql.auto.conf")))
                .contains("primary_conninfo", "user=cutover_replicator", "primary_slot_name = 'cutover_replica'");

        // A second start keeps the copy (no new pg_basebackup over a replica that has data).
        Path kept = replica.resolve("kept-by-a-restart");
        Files.writeString(kept, "");
        Processes.Result second = Processes.run(dir, env, 60, List.of(entrypoint.toString(), "postgres"));
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(kept).exists();
        Files.delete(kept);

        // Started, it is a hot standby streaming from the slot as the replication role.
        startServer(replica, freePort());
        String streaming = "";
        for (int i = 0; i < 100 && !streaming.equals("cutover_replicator|streaming|t"); i++) {
            Thread.sleep(100);
            streaming = psql(primaryPort, "SELECT usename, state, (SELECT active FROM pg_replication_slots"
                    + " WHERE slot_name = 'cutover_replica') FROM pg_stat_replication");
        }
        assertThat(streaming).isEqualTo("cutover_replicator|streaming|t");
    }

    /**
     * compose/initdb-roles.sh gives the app role its password; compose/pgbouncer-start.sh and pgbouncer.ini let it in
     * with it and log in to PostgreSQL as that role, so roles.sql's timeouts apply through the pooler.
     */
    @Test
    void pgBouncerLetsTheAppRoleInWithItsPasswordAndItsRolesSettings() throws Exception {
        Path pgbouncer = Path.of("/usr/sbin/pgbouncer");
        assumeThat(Files.isExecutable(pgbouncer)).as("Debian's pgbouncer installed").isTrue();
        newDir();
        int primaryPort = startPrimary(dir.resolve("primary"));
        psql(primaryPort, "CREATE DATABASE cutover");
        String appPassword = "app-password-for-this-test-only-0123456789";
        Map<String, String> initEnv = Map.of("POSTGRES_USER", "postgres", "POSTGRES_DB", "cutover",
                "CUTOVER_APP_PASSWORD", appPassword, "CUTOVER_MIGRATOR_PASSWORD", "m", "CUTOVER_READONLY_PASSWORD", "r",
                "CUTOVER_MONITOR_PASSWORD", "o", "CUTOVER_ROLES_SQL", serverCopy(Repo.path("infra/postgres/roles.sql")).toString(),
                "PGHOST", dir.toString(), "PGPORT", String.valueOf(primaryPort));
        Processes.Result roles = Processes.run(dir, initEnv, 60, ServerUser.wrap(List.of("env",
                "PATH=" + bin + ":" + System.getenv("PATH"), serverCopy(COMPOSE.resolve("initdb-roles.sh")).toString())));
        assertThat(roles.exitCode()).as(roles.output()).isZero();

        int port = freePort();
        Path auth = dir.resolve("auth");
        Path ini = dir.resolve("pgbouncer.ini");
        String config = Files.readString(COMPOSE.resolve("pgbouncer.ini"));
        assertThat(config).contains("host=postgres port=5432", "listen_port = 6432", "/tmp/pgbouncer");
        Files.writeString(ini, config.replace("host=postgres port=5432", "host=127.0.0.1 port=" + primaryPort)
                .replace("listen_port = 6432", "listen_port = " + port).replace("/tmp/pgbouncer", auth.toString()));
        String start = Files.readString(COMPOSE.resolve("pgbouncer-start.sh"));
        assertThat(start).contains("/etc/cutover/pgbouncer.ini", "/tmp/pgbouncer");
        Path startScript = dir.resolve("pgbouncer-start.sh");
        script(startScript, start.replace("/etc/cutover/pgbouncer.ini", ini.toString()).replace("/tmp/pgbouncer", auth.toString()));
        run(List.of("chown", "-R", ServerUser.name(), dir.toString()));

        ProcessBuilder builder = new ProcessBuilder(ServerUser.wrap(List.of("env", "PATH=/usr/sbin:/usr/bin:/bin",
                "CUTOVER_APP_PASSWORD=" + appPassword, startScript.toString())))
                .redirectErrorStream(true).redirectOutput(dir.resolve("pgbouncer.log").toFile());
        Process process = builder.start();
        try {
            String through = "";
            for (int i = 0; i < 100 && through.isEmpty(); i++) {
                Thread.sleep(100);
                Processes.Result result = Processes.run(dir, Map.of("PGPASSWORD", appPassword), 30, List.of(
                        bin.resolve("psql").toString(), "-XAt", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                        "cutover_app", "-d", "cutover", "-c",
                        "SELECT current_user, current_setting('statement_timeout'), current_setting('lock_timeout')"));
                if (result.exitCode() == 0) {
                    through = result.output().trim();
                }
            }
            assertThat(through).as(Files.readString(dir.resolve("pgbouncer.log"))).isEqualTo("cutover_app|10s|2s");
            Processes.Result wrong = Processes.run(dir, Map.of("PGPASSWORD", "not-the-password"), 30, List.of(
                    bin.resolve("psql").toString(), "-XAt", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                    "cutover_app", "-d", "cutover", "-c", "SELECT 1"));
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.output()).contains("authentication failed");
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    private String psql(int port, String sql) {
        Processes.Result result = Processes.run(dir, Map.of(), 30, ServerUser.wrap(List.of(bin.resolve("psql").toString(),
                "-XAt", "-h", dir.toString(), "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", sql)));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().trim();
    }

    private void startServer(Path data, int port) {
        servers.add(data);
        asServer(Map.of(), "pg_ctl", "-D", data.toString(), "-l", data + ".log", "-w", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off -c shared_buffers=32MB -c max_connections=20", "start");
    }

    private void asServer(Map<String, String> env, String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(dir, env, 120, ServerUser.wrap(command));
        assertThat(result.exitCode()).as(tool + ": " + result.output()).isZero();
    }

    private void run(List<String> command) {
        Processes.Result result = Processes.run(dir, Map.of(), 60, command);
        assertThat(result.exitCode()).as(command + ": " + result.output()).isZero();
    }

    /** A copy in this test's directory: a checkout may be private to its owner, and the scripts run as the server user. */
    private Path serverCopy(Path source) throws IOException {
        Path copy = dir.resolve(source.getFileName());
        script(copy, Files.readString(source));
        return copy;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
