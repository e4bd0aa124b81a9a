package dev.cutover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.testing.PgBouncer;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service through Debian's PgBouncer (1.18) in transaction mode, with fewer server sessions than the
 * service opens: every kind of request, the pipelined reads and the backfill workers work through it with
 * {@code DATABASE_POOLER=transaction}, while migrations, which need a session of their own, refuse it.
 */
class PgBouncerIT {

    static final int SERVER_SESSIONS = 4;
    static final String SECRET = "pgbouncer-it-secret-" + UUID.randomUUID();
    static final String ADMIN_PASSWORD = "pgbouncer-it-admin-" + UUID.randomUUID();
    static final int LEGACY_USERS = 3_000;

    static ScratchDatabase db;
    static PgBouncer bouncer;

    @BeforeAll
    static void databaseAtV3WithABackfillToRunAndPgBouncerInFront() throws Exception {
        if (!PgBouncer.installed() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test: .ci/run installs Debian's pgbouncer");
        }
        Assumptions.assumeTrue(PgBouncer.installed(), "pgbouncer is not installed (Debian package pgbouncer)");
        db = ScratchDatabase.create("pgbouncer");
        Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).target("1").migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password, full_name) SELECT gen_random_uuid(), 'legacy-' || i"
                    + " || '@example.com', 'not a hash', 'Legacy ' || i FROM generate_series(1, " + LEGACY_USERS + ") i");
        }
        // V2's column, V2.1's trigger and V3's NOT VALID check; V4 waits for the backfill the workers will run.
        Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).target("3").migrate();
        new BackfillJobs(db::connect).start(Backfills.USERS_EMAIL_NORMALIZED, BackfillPacing.defaults());
        bouncer = PgBouncer.start(db, SERVER_SESSIONS);
    }

    @AfterAll
    static void stopPgBouncer() throws Exception {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Test
    void withoutTheSettingTheServiceRefusesToStartAndSaysWhatToSet() throws Exception {
        Path log = Files.createTempFile("pgbouncer-refused", ".log");
        Process process = PackagedService.launch(Map.of("DATABASE_URL", bouncer.url(db.user()), "SECRET_KEY", SECRET,
                "FIRST_SUPERUSER_PASSWORD", ADMIN_PASSWORD), log, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the service refused to start").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("goes through a pooler in transaction or statement mode")
                .contains("set DATABASE_POOLER=transaction").doesNotContain("\tat ");
    }

    @Test
    void migrationsRefuseThePooledConnectionAndNameTheDirectOne() {
        assertThatThrownBy(() -> Migrations.guarded(bouncer.jdbcUrl() + "?prepareThreshold=0", db.user(), db.password())
                .migrate()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migrations need a direct connection to PostgreSQL")
                .hasMessageContaining("served by the same server process");
    }

    /**
     * Under steady traffic through the pooler, the workers finish the backfill and the migrations then run (directly) to
     * the end: every request answers 2xx, no row is left unfilled, and PostgreSQL never saw more server sessions
     * from the pooler than its pool allows.
     */
    @Test
    void everyKindOfRequestAndTheBackfillWorkersWorkThroughIt() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DATABASE_URL", bouncer.url(db.user()),
                "DATABASE_POOLER", "transaction", "SECRET_KEY", SECRET, "FIRST_SUPERUSER_PASSWORD", ADMIN_PASSWORD,
                "MIGRATE_AT_START", "false"));
        env.putAll(Map.of("BACKFILL_ENABLED", "true", "BACKFILL_WORKERS", "3", "BACKFILL_POLL_INTERVAL", "PT0.2S", "BACKFILL_TARGET_BATCH", "PT0.02S",
                "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1", "ARGON2_PARALLELISM", "1"));
        try (PackagedService service = PackagedService.start(env)) {
            ApiTraffic traffic = ApiTraffic.start(service.uri(), 6);
            BackfillStatus done = awaitBackfill(new BackfillJobs(db::connect), 120);
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.batches()).as("enough batches for the driver to prepare by name, were it allowed to")
                    .isGreaterThan(10);
            assertThat(done.lastError()).as("no batch failed: statements prepared by name would not be found").isEmpty();
            assertThat(service.output()).doesNotContain("Backfill worker:");
            Migrations.guarded(db.jdbcUrl(), db.user(), db.password()).migrate();
            Thread.sleep(2_000);
            List<String> failures = traffic.stop();

            assertThat(traffic.requests()).isGreaterThan(100);
            assertThat(failures).as("requests that did not answer 2xx through PgBouncer").isEmpty();
            items(service.uri());
            assertThat(count("SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email))"))
                    .isZero();
            assertThat(service.output()).doesNotContain("\"level\":\"ERROR\"");
            assertThat(serverSessionsOpened(bouncer.log())).as("server sessions PgBouncer opened")
                    .isBetween(1, SERVER_SESSIONS);
        }
    }

    /** The job's status once it leaves running, or after {@code seconds}. */
    static BackfillStatus awaitBackfill(BackfillJobs jobs, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        BackfillStatus status = jobs.get(Backfills.USERS_EMAIL_NORMALIZED.name()).orElseThrow();
        while (status.state() == JobState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = jobs.get(Backfills.USERS_EMAIL_NORMALIZED.name()).orElseThrow();
        }
        return status;
    }

    /** Hibernate Reactive's writes and reads of items (V8), through the pooler, as the admin. */
    static void items(URI api) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String token = ApiTraffic.token(client, api, "admin@example.com", ADMIN_PASSWORD);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(api.resolve("/api/v1/items/"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"through pgbouncer " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        }
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(api.resolve("/api/v1/items/?limit=100"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"count\":20");
    }

    /** How many server sessions PgBouncer opened to the database, from its log (log_connections is on by default). */
    static int serverSessionsOpened(String log) {
        Matcher opened = Pattern.compile("S-0x[0-9a-f]+: " + Pattern.quote(db.name()) + "/[^ ]+ new connection to server")
                .matcher(log);
        int count = 0;
        while (opened.find()) {
            count++;
        }
        return count;
    }

    static long count(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
