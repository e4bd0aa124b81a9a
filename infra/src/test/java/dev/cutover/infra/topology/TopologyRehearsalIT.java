package dev.cutover.infra.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.infra.Repo;
import dev.cutover.migrations.testing.HaProxy;
import dev.cutover.migrations.testing.PgBouncer;
import dev.cutover.migrations.testing.PostgresPair;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cutover on a production topology at CI scale: three instances behind HAProxy, PgBouncer in transaction mode, a
 * streaming replica, every component under the production roles. Guarded, with every instance restarted and the
 * replica's replay paused meanwhile, no request fails at the load balancer or by kind, no lock queue forms, the
 * backfill pauses on the replica's lag and ends with no wrong row; naive, on the same topology, stalls. The scale is
 * set by {@code -Dtopology.users} (a 2M-user run: see load-tests/README.md).
 */
class TopologyRehearsalIT {

    /** As in CutoverRehearsalIT: OWASP's minimum Argon2id cost with one more pass, so three JVMs share two cores. */
    private static final Map<String, String> HASHING = Map.of("ARGON2_MEMORY_KIB", "19456", "ARGON2_ITERATIONS", "3",
            "ARGON2_PARALLELISM", "1");

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void guardedPassesThroughRestartsAndAPausedReplicaWhileNaiveStalls() throws Exception {
        Optional<Path> bin = PostgresPair.binaries();
        boolean tools = bin.isPresent() && HaProxy.installed() && PgBouncer.installed() && onPath("psql")
                && onPath("curl") && onPath("chrt");
        if (!tools && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test: it needs the machine's PostgreSQL server binaries"
                    + " (pg_basebackup), psql, curl, chrt, and the haproxy and pgbouncer that .ci/run installs");
        }
        Assumptions.assumeTrue(tools, "needs PostgreSQL's server binaries, haproxy, pgbouncer, psql, curl and chrt");
        Path root = Repo.root();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("service/target/quarkus-app/quarkus-run.jar")),
                "the packaged service is built earlier in ./mvnw verify");

        TopologyRehearsal.Scale scale = new TopologyRehearsal.Scale(Integer.getInteger("topology.users", 50_000),
                Integer.getInteger("topology.blocker-seconds", 15), Integer.getInteger("topology.warm-up", 15),
                Double.parseDouble(System.getProperty("topology.duty-cycle", "0.25")), Duration.ofSeconds(2),
                Duration.ofSeconds(6), Long.getLong("topology.max-ms", 0), HASHING);
        Path out = TopologyRehearsal.defaultOut(root);
        List<TopologyRehearsal.Run> runs = new TopologyRehearsal(root, out, scale).run(bin.get());
        runs.forEach(run -> System.out.println(run.output().lines().filter(l -> l.startsWith("verdict:")
                || l.startsWith("topology:") || l.startsWith("rehearsal mode=")).reduce("", (a, b) -> a + b + "\n")));

        TopologyRehearsal.Run guarded = runs.get(0);
        assertThat(guarded.exitCode()).as("the guarded run's exit code; its report: %s%n%s", guarded.dir(),
                tail(guarded.output())).isZero();
        assertThat(guarded.output()).contains("verdict: PASS one-command")
                .contains("topology: PASS no request failed at the load balancer")
                .contains("topology: PASS every instance restarted under load, out of the balancer meanwhile")
                .contains("topology: PASS each instance left readiness before it stopped listening")
                .contains("topology: PASS an instance running the backfill was restarted while it ran")
                .contains("topology: PASS the backfill paused while the replica's replay was paused")
                .containsPattern("rehearsal mode=one-command capacity_rps=[0-9.]+ fraction=0.40 rps=[0-9]+ "
                        + "verdict=PASS max_ms=[0-9]+ bound_ms=[-0-9]+ failed=0 requests=[0-9]+ failed_by_kind=[^ ]*"
                        + "log_in:0/[1-9][0-9]*,[^ ]*rename_user:0/[1-9][0-9]*,");
        assertThat(guarded.wrongRows()).as("rows the backfill left wrong").isZero();
        TopologyRehearsal.Run naive = runs.get(1);
        assertThat(naive.exitCode()).as("the naive run's exit code; its report: %s%n%s", naive.dir(),
                tail(naive.output())).isZero();
        assertThat(naive.output()).contains("verdict: STALLED naive");
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
