package dev.cutover.infra.topology;

import dev.cutover.migrations.testing.HaProxy;
import dev.cutover.migrations.testing.PgBouncer;
import dev.cutover.migrations.testing.PostgresPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The production topology on this machine, every component under infra/postgres/roles.sql's roles: a primary and a
 * streaming replica, PgBouncer in transaction mode for {@code cutover_app}, the packaged service's instances through
 * it with their backfill workers, HAProxy over them balancing on readiness. The database is at schema version 1,
 * applied by {@code cutover_migrator}; everything is stopped and deleted on close.
 */
final class LocalTopology implements AutoCloseable {

    static final String DATABASE = "cutover";
    static final String APP = "cutover_app";
    static final String MIGRATOR = "cutover_migrator";

    private final Path root;
    private final PostgresPair pair;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServiceInstance> instances = new ArrayList<>();
    private HaProxy balancer;

    private LocalTopology(Path root, PostgresPair pair) {
        this.root = root;
        this.pair = pair;
    }

    /**
     * Starts it all: {@code instances} instances with {@code serviceEnv} (the secrets, the hashing cost, the backfill
     * workers' pacing) on top of what the topology sets, their logs in {@code logDir}.
     */
    static LocalTopology start(Path root, Path bin, int instances, Map<String, String> serviceEnv, Path logDir)
            throws Exception {
        PostgresPair pair = PostgresPair.start(bin, "max_connections=200", "shared_buffers=256MB",
                "max_wal_size=4GB", "checkpoint_timeout=15min");
        LocalTopology topology = new LocalTopology(root, pair);
        try {
            pair.psql("postgres", "-c", "CREATE DATABASE " + DATABASE);
            pair.psql(DATABASE, "-f", root.resolve("infra/postgres/roles.sql").toString());
            topology.cutover("migrate", "--url", topology.migratorUrl(), "--target", "1");
            PgBouncer bouncer = PgBouncer.start("127.0.0.1", pair.primaryPort(), DATABASE, APP, null, 20);
            topology.started.add(bouncer);
            Map<String, String> env = new HashMap<>(serviceEnv);
            env.putAll(Map.of("DATABASE_URL", bouncer.url(APP), "DATABASE_POOLER", "transaction",
                    "MIGRATE_AT_START", "false", "BACKFILL_ENABLED", "true"));
            Path jar = root.resolve("service/target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(logDir);
            for (int i = 0; i < instances; i++) {
                ServiceInstance instance = new ServiceInstance("instance" + i, jar, env, freePort(), freePort(), logDir);
                topology.instances.add(instance);
                instance.start(); // one by one: the first creates the first superuser
            }
            topology.balancer = HaProxy.start(topology.instances.stream().map(ServiceInstance::backend).toList());
            topology.started.add(topology.balancer);
        } catch (Exception | Error e) {
            topology.close();
            throw e;
        }
        return topology;
    }

    /** The database as the migrator role, for the CLI, the seed, psql and the rehearsal's samplers. */
    String migratorUrl() {
        return "postgresql://" + MIGRATOR + "@127.0.0.1:" + pair.primaryPort() + "/" + DATABASE;
    }

    Connection primaryAsMigrator() throws SQLException {
        return pair.primary(DATABASE, MIGRATOR);
    }

    Connection replicaAsPostgres() throws SQLException {
        return pair.replica(DATABASE, "postgres");
    }

    List<ServiceInstance> instances() {
        return instances;
    }

    HaProxy balancer() {
        return balancer;
    }

    /** Runs this checkout's {@code ./cutover} with {@code args}; a failure with its output if it fails. */
    void cutover(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("cutover").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("cutover-cli", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed: " + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() {
        for (ServiceInstance instance : instances) {
            try {
                instance.close();
            } catch (Exception e) {
                // on to the next one
            }
        }
        for (AutoCloseable component : started) {
            try {
                component.close();
            } catch (Exception e) {
                // on to the next one
            }
        }
        pair.close();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
