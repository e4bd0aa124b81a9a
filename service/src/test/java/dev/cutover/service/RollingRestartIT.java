package dev.cutover.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service behind HAProxy (balancing on readiness) and PgBouncer (transaction mode),
 * each with backfill workers, restarted one by one (SIGTERM, then start again) under traffic while a backfill runs:
 * no request through the load balancer fails, and the backfill ends with every row right.
 */
class RollingRestartIT {

    static final int INSTANCES = 3;
    static final int LEGACY_USERS = 15_000;
    static final String SECRET = "rolling-restart-secret-" + UUID.randomUUID();
    static final String ADMIN_PASSWORD = "rolling-restart-admin-" + UUID.randomUUID();

    @Test
    void restartingEveryInstanceUnderTrafficFailsNoRequestAndLosesNoBackfillRow() throws Exception {
        if (!(HaProxy.installed() && PgBouncer.installed()) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test: .ci/run installs Debian's haproxy and pgbouncer");
        }
        Assumptions.assumeTrue(HaProxy.installed() && PgBouncer.installed(), "haproxy or pgbouncer is not installed");
        ScratchDatabase db = ScratchDatabase.create("rolling");
        Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).target("1").migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password) SELECT gen_random_uuid(), 'legacy-' || i"
                    + " || '@example.com', 'not a hash' FROM generate_series(1, " + LEGACY_USERS + ") i");
        }
        Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).target("3").migrate();
        BackfillJobs jobs = new BackfillJobs(db::connect);

        try (PgBouncer bouncer = PgBouncer.start(db, 16)) {
            List<Instance> instances = new ArrayList<>();
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    instances.add(Instance.start(environment(bouncer, db)));
                }
                try (HaProxy balancer = HaProxy.start(instances.stream().map(Instance::backend).toList())) {
                    jobs.start(Backfills.USERS_EMAIL_NORMALIZED, BackfillPacing.defaults());
                    ApiTraffic traffic = ApiTraffic.start(balancer.uri(), 6);
                    Thread.sleep(2_000);
                    assertThat(state(jobs)).as("the backfill is still running when the first instance stops")
                            .isEqualTo(JobState.RUNNING);
                    for (int i = 0; i < INSTANCES; i++) {
                        Instance restarted = instances.get(i).stopShowingNotReadyFirst().startAgain();
                        instances.set(i, restarted);
                        Thread.sleep(1_500); // HAProxy takes an instance back after two good checks
                    }
                    long restartsDone = System.nanoTime();
                    BackfillStatus done = PgBouncerIT.awaitBackfill(jobs, 180);
                    Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).migrate();
                    List<String> failures = traffic.stop();
                    System.out.printf("rolling restart: %d requests through HAProxy, %d failed; backfill %s after the"
                            + " restarts by %.1f s (%d rows, %d batches)%n", traffic.requests(), failures.size(),
                            done.state().dbValue(), (System.nanoTime() - restartsDone) / 1e9, done.rowsDone(),
                            done.batches());

                    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                    assertThat(traffic.requests()).isGreaterThan(200);
                    assertThat(failures).as("requests through HAProxy that failed during the rolling restart").isEmpty();
                    assertThat(balancer.log()).as("HAProxy took every instance out, and back")
                            .contains("instance0 is DOWN", "instance1 is DOWN", "instance2 is DOWN");
                    assertThat(count(db, "SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM"
                            + " lower(btrim(email))")).as("rows the backfill left wrong").isZero();
                }
            } finally {
                // All at once: each waits out its shutdown delay.
                instances.forEach(instance -> instance.process().destroy());
                for (Instance instance : instances) {
                    instance.close();
                }
            }
        }
    }

    static Map<String, String> environment(PgBouncer bouncer, ScratchDatabase db) {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", bouncer.url(db.user()), "DATABASE_POOLER",
                "transaction", "SECRET_KEY", SECRET, "FIRST_SUPERUSER_PASSWORD", ADMIN_PASSWORD, "MIGRATE_AT_START",
                "false", "SHUTDOWN_DELAY", "4s"));
        env.putAll(Map.of("BACKFILL_ENABLED", "true", "BACKFILL_POLL_INTERVAL", "PT0.2S", "BACKFILL_TARGET_BATCH",
                "PT0.02S", "BACKFILL_DUTY_CYCLE", "0.2", "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
                "ARGON2_PARALLELISM", "1"));
        return env;
    }

    static JobState state(BackfillJobs jobs) throws Exception {
        return jobs.get(Backfills.USERS_EMAIL_NORMALIZED.name()).orElseThrow().state();
    }

    static long count(ScratchDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One instance on fixed ports, so that it can start again where HAProxy expects it. */
    record Instance(Process process, Map<String, String> env, int port, int managementPort, Path log)
            implements AutoCloseable {

        static Instance start(Map<String, String> env) throws Exception {
            return start(env, PackagedService.freePort(), PackagedService.freePort());
        }

        static Instance start(Map<String, String> env, int port, int managementPort) throws Exception {
            Map<String, String> all = new HashMap<>(env);
            all.put("PORT", String.valueOf(port));
            all.put("MANAGEMENT_PORT", String.valueOf(managementPort));
            Path log = Files.createTempFile("rolling-instance", ".log");
            Process process = PackagedService.launch(all, log);
            Instance instance = new Instance(process, env, port, managementPort, log);
            try {
                PackagedService.awaitReady(process, managementPort, log);
            } catch (Exception | AssertionError e) {
                instance.close();
                throw e;
            }
            return instance;
        }

        HaProxy.Backend backend() {
            return new HaProxy.Backend(port, managementPort);
        }

        /**
         * Sends SIGTERM and checks the pre-shutdown: readiness answers 503 while the API still answers, then the
         * process ends.
         */
        Instance stopShowingNotReadyFirst() throws Exception {
            process.destroy();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/q/health/ready")).timeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int readiness = 200;
            while (readiness == 200 && System.nanoTime() < deadline) {
                try {
                    readiness = client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException gone) {
                    readiness = 0;
                }
            }
            assertThat(readiness).as("readiness after SIGTERM (0: the instance stopped listening first)").isEqualTo(503);
            try {
                HttpResponse<Void> api = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/utils/health-check/")).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(api.statusCode()).as("the API during the pre-shutdown").isEqualTo(200);
            } catch (java.io.IOException e) {
                throw new AssertionError("the API stopped listening while readiness said 503: " + e);
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the instance stopped").isTrue();
            return this;
        }

        Instance startAgain() throws Exception {
            return start(env, port, managementPort);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
