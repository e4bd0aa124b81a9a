package dev.cutover.infra.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cutover rehearsed on {@link LocalTopology}: {@code load-tests/rehearse.sh} drives the load through HAProxy, the
 * blocker and the migrations, once guarded (the README's one command for a busy database, its backfill run by every
 * instance's workers) while {@link Disruptions} restarts each instance and pauses the replica's replay, once naive on
 * the same topology at the same rate. {@link Sampler} records the load balancer's and the backfill's view for the
 * report. The figures are the rehearsal's; the runs' directories are under {@code out}.
 */
final class TopologyRehearsal {

    /** How big and how long: users seeded, the blocker, the warm-up, and the backfill's pacing and lag limit. */
    record Scale(int users, int blockerSeconds, int warmUpSeconds, double dutyCycle, Duration maxReplicationLag,
                 Duration replayHold, long maxMillis, Map<String, String> hashing) {
    }

    /** What one mode's run ended with: rehearse.sh's exit code and output, and the rows the backfill left wrong. */
    record Run(String mode, int exitCode, String output, Path dir, long wrongRows) {

        /** The report's one-line summary, {@code rehearsal mode=...}. */
        String summary() {
            return output.lines().filter(l -> l.startsWith("rehearsal mode=")).reduce((a, b) -> b).orElse("");
        }
    }

    private final Path root;
    private final Path out;
    private final Scale scale;

    TopologyRehearsal(Path root, Path out, Scale scale) {
        this.root = root;
        this.out = out;
        this.scale = scale;
    }

    static Path defaultOut(Path root) {
        return root.resolve("load-tests/target/topology-rehearsal-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Both modes, guarded first (its capacity measurement sets the rate of both). */
    List<Run> run(Path bin) throws Exception {
        Files.createDirectories(out);
        buildReport();
        String secret = "topology-secret-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID();
        Map<String, String> env = new HashMap<>(scale.hashing());
        env.putAll(Map.of("SECRET_KEY", secret, "FIRST_SUPERUSER", "topology-admin@example.com",
                "FIRST_SUPERUSER_PASSWORD", "topology-" + java.util.UUID.randomUUID(), "SHUTDOWN_DELAY", "4s",
                "QUARKUS_LOG_LEVEL", "WARN", "BACKFILL_POLL_INTERVAL", "PT0.5S", "BACKFILL_TARGET_BATCH", "PT0.05S",
                "BACKFILL_DUTY_CYCLE", String.valueOf(scale.dutyCycle()),
                "BACKFILL_MAX_REPLICATION_LAG", scale.maxReplicationLag().toString()));
        List<Run> runs = new ArrayList<>();
        try (LocalTopology topology = LocalTopology.start(root, bin, 3, env, out.resolve("logs"))) {
            Run guarded = mode(topology, "one-command", List.of("--rate-fraction", "0.4"), env, true);
            runs.add(guarded);
            String capacity = Files.readAllLines(guarded.dir().resolve("rate.properties")).stream()
                    .filter(l -> l.startsWith("capacity_rps=")).map(l -> l.substring("capacity_rps=".length()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the guarded run measured no capacity"));
            // Back to schema version 1 with the instances stopped (their sessions would hold the reset's locks), then
            // started again: the service reads its login key from the schema at start.
            for (ServiceInstance instance : topology.instances()) {
                instance.stop();
            }
            psql(topology, "-f", root.resolve("load-tests/sql/reset-to-v1.sql").toString());
            for (ServiceInstance instance : topology.instances()) {
                instance.start();
            }
            runs.add(mode(topology, "naive", List.of("--rate-fraction", "0.4", "--capacity-rps", capacity,
                    "--capacity-source", "in the same run, before the guarded rehearsal, through the load balancer"),
                    env, false));
        }
        return runs;
    }

    private Run mode(LocalTopology topology, String mode, List<String> rate, Map<String, String> env, boolean disrupt)
            throws Exception {
        Path dir = Files.createDirectories(out.resolve(mode));
        Path hold = dir.resolve("disruptions-running");
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("load-tests/rehearse.sh").toString(),
                "--mode", mode, "--base-url", topology.balancer().uri().toString(), "--database-url",
                topology.migratorUrl(), "--users", String.valueOf(scale.users()), "--blocker-seconds",
                String.valueOf(scale.blockerSeconds()), "--warm-up", String.valueOf(scale.warmUpSeconds()), "--tail", "5",
                "--max-ms", String.valueOf(scale.maxMillis()), "--superuser", env.get("FIRST_SUPERUSER"),
                "--superuser-password", env.get("FIRST_SUPERUSER_PASSWORD"), "--out", dir.toString(), "--skip-build"));
        command.addAll(rate);
        if (disrupt) {
            Files.writeString(hold, "");
            command.addAll(List.of("--hold-load-while", hold.toString()));
        }
        Thread sampler = new Thread(new Sampler(topology, dir), "topology-sampler");
        Thread disruptions = new Thread(new Disruptions(topology, dir, hold, scale.replayHold()), "topology-disruptions");
        Path log = dir.resolve("rehearse.log");
        Process rehearsal = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        sampler.start();
        if (disrupt) {
            disruptions.start();
        }
        try {
            if (!rehearsal.waitFor(40, TimeUnit.MINUTES)) {
                rehearsal.descendants().forEach(ProcessHandle::destroy);
                rehearsal.destroy();
                throw new IllegalStateException("the " + mode + " rehearsal did not end within 40 minutes: " + log);
            }
        } finally {
            disruptions.interrupt();
            disruptions.join(TimeUnit.MINUTES.toMillis(3));
            sampler.interrupt();
            sampler.join(10_000);
        }
        return new Run(mode, rehearsal.exitValue(), Files.readString(log), dir, disrupt ? wrongRows(topology) : 0);
    }

    private static long wrongRows(LocalTopology topology) throws Exception {
        try (Connection c = topology.primaryAsMigrator(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM"
                     + " lower(btrim(email))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void psql(LocalTopology topology, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("psql", "-qtAX", "-v", "ON_ERROR_STOP=1", topology.migratorUrl()));
        command.addAll(List.of(args));
        // The migrator role's 100 ms lock_timeout is for migrations under load; the reset runs with the load stopped.
        exec(command, Map.of("PGOPTIONS", "-c lock_timeout=30s"), 10);
    }

    /** The report's classes and classpath, built once as ci-rehearsal.sh does, so that each run may skip the build. */
    private void buildReport() throws Exception {
        exec(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-ntp", "-pl", "load-tests", "test-compile",
                "dependency:build-classpath", "-Dmdep.outputFile=target/report.classpath", "-Dmdep.includeScope=compile"),
                Map.of(), 15);
    }

    private void exec(List<String> command, Map<String, String> env, long minutes) throws Exception {
        Path log = Files.createTempFile(out, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " failed: " + Files.readString(log));
        }
        Files.delete(log);
    }
}
