package dev.cutover.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in the production profile: no database fallback and no template secrets; JSON logs that
 * carry trace ids and none of the secrets it was given or handed out.
 */
class ProductionStartIT {

    static final String REAL_SECRET = "prod-start-secret-" + UUID.randomUUID();
    static final String REAL_PASSWORD = "prod-start-password-" + UUID.randomUUID();

    @Test
    void refusesToStartWithoutDatabaseUrl() throws Exception {
        Result result = start(Map.of("SECRET_KEY", REAL_SECRET, "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("cutover-service: DATABASE_URL is not set").doesNotContain("\tat ");
    }

    @Test
    void refusesTheTemplatesDefaultSecret() throws Exception {
        String url = databaseUrl(ScratchDatabase.create("prod_start"));
        Result result = start(Map.of("DATABASE_URL", url, "SECRET_KEY", "changethis",
                "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("The value of SECRET_KEY is \"changethis\"").doesNotContain("\tat ");

        result = start(Map.of("DATABASE_URL", url, "SECRET_KEY", REAL_SECRET, "FIRST_SUPERUSER_PASSWORD", "changethis"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("FIRST_SUPERUSER_PASSWORD");
    }

    /** Every secret the repository ships, and any under 32 bytes, is refused, naming the variable. */
    @Test
    void refusesShippedAndShortSecrets() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("prod_secrets");
        String url = databaseUrl(db);
        Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
        cases.put("SECRET_KEY", Map.of("DATABASE_URL", url, "SECRET_KEY", "local-staging-only-0123456789abcdef",
                "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD));
        cases.put("SECRET_KEY is shorter", Map.of("DATABASE_URL", url, "SECRET_KEY", "31-bytes-long-secret-key-xxxxxx",
                "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD));
        cases.put("FIRST_SUPERUSER_PASSWORD is shorter", Map.of("DATABASE_URL", url, "SECRET_KEY", REAL_SECRET,
                "FIRST_SUPERUSER_PASSWORD", "a real password"));
        cases.put("database password", Map.of("DATABASE_URL", "postgresql://cutover_app:app@" + db.host() + ":"
                + db.port() + "/" + db.name(), "SECRET_KEY", REAL_SECRET, "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD));
        for (var c : cases.entrySet()) {
            Result result = start(c.getValue());
            assertThat(result.exitCode()).as(c.getKey()).isEqualTo(2);
            assertThat(result.output()).as(c.getKey()).contains(c.getKey()).doesNotContain("\tat ");
        }
    }

    /** FASTAPI_ENV=development alone opens the private API: in the default profile too, and never any other way. */
    @Test
    void thePrivateApiFollowsFastapiEnvAlone() throws Exception {
        String url = databaseUrl(ScratchDatabase.create("prod_private"));
        // The template's .env: FASTAPI_ENV=development, and its secrets, which development only warns about.
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", url, "SECRET_KEY", "changethis",
                "FIRST_SUPERUSER_PASSWORD", "changethis", "MIGRATE_AT_START", "true", "FASTAPI_ENV", "development"));
        try (Running on = Running.start(env)) {
            on.api().contentType("application/json").body(Map.of("email", "private@example.com",
                    "password", "password123", "full_name", "P")).post("/api/v1/private/users/").then().statusCode(200);
            on.api().get("/api/v1/openapi.json").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("/api/v1/private/users/"));
            assertThat(Files.readString(on.log())).contains("POST /api/v1/private/users/ is open")
                    .contains("The value of SECRET_KEY is \\\"changethis\\\"");
        }
        env.remove("FASTAPI_ENV");
        env.put("SECRET_KEY", REAL_SECRET);
        env.put("FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD);
        env.put("QUARKUS_PROFILE", "staging");
        try (Running off = Running.start(env)) {
            off.api().contentType("application/json").body("{}").post("/api/v1/private/users/").then().statusCode(404)
                    .body("detail", org.hamcrest.Matchers.equalTo("Not Found"));
            off.api().get("/api/v1/openapi.json").then().statusCode(200)
                    .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/api/v1/private")));
            assertThat(Files.readString(off.log())).doesNotContain("is open");
        }
    }

    /**
     * Two instances on one database: a password changed through one ends the token both remember, and failed logins
     * counted by either are refused by the other.
     */
    @Test
    void twoInstancesShareTokenEndsAndFailedLogins() throws Exception {
        String url = databaseUrl(ScratchDatabase.create("prod_two"));
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", url, "SECRET_KEY", REAL_SECRET,
                "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD, "MIGRATE_AT_START", "true",
                "LOGIN_FAILURES_PER_ACCOUNT", "3"));
        try (Running a = Running.start(env)) {
            env.put("MIGRATE_AT_START", "false");
            try (Running b = Running.start(env)) {
                String email = "two-" + UUID.randomUUID() + "@example.com";
                String password = "first password of two";
                a.api().contentType("application/json").body(Map.of("email", email, "password", password))
                        .post("/api/v1/users/signup").then().statusCode(200);
                String token = a.api().formParam("username", email).formParam("password", password)
                        .post("/api/v1/login/access-token").then().statusCode(200).extract().path("access_token");
                for (Running instance : List.of(a, b)) {
                    instance.api().header("Authorization", "Bearer " + token).get("/api/v1/users/me")
                            .then().statusCode(200);
                }
                b.api().header("Authorization", "Bearer " + token).contentType("application/json")
                        .body(Map.of("current_password", password, "new_password", "second password of two"))
                        .patch("/api/v1/users/me/password").then().statusCode(200);
                for (Running instance : List.of(a, b)) {
                    instance.api().header("Authorization", "Bearer " + token).get("/api/v1/users/me")
                            .then().statusCode(403);
                }

                for (Running instance : List.of(a, b, a)) {
                    instance.api().formParam("username", email).formParam("password", "wrong")
                            .post("/api/v1/login/access-token").then().statusCode(400);
                }
                b.api().formParam("username", email).formParam("password", "second password of two")
                        .post("/api/v1/login/access-token").then().statusCode(429)
                        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            }
        }
    }

    /**
     * Backfill workers whose role cannot see other sessions (no pg_read_all_stats) run nothing: an ERROR at start
     * names the grant, cutover_backfill_signals_hidden reads 1, and a running job waits; after the grant they run it.
     */
    @Test
    void backfillWorkersThatCannotSeeTheirThrottlesSignalsSaySoAndRunNothingUntilTheGrant() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("prod_blind");
        dev.cutover.migrations.Migrations.apply(db.jdbcUrl(), db.user(), db.password());
        String role = "blind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "blind-" + UUID.randomUUID() + UUID.randomUUID();
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            s.execute("GRANT USAGE ON SCHEMA public, cutover TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, cutover TO " + role);
            s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public, cutover TO " + role);
            s.execute("UPDATE cutover.backfill_jobs SET status = 'running', finished_at = NULL");
        }
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://" + role + ":" + password + "@" + db.host() + ":"
                + db.port() + "/" + db.name(), "SECRET_KEY", REAL_SECRET, "FIRST_SUPERUSER_PASSWORD", REAL_PASSWORD,
                "BACKFILL_ENABLED", "true", "BACKFILL_POLL_INTERVAL", "PT0.2S");
        try (Running blind = Running.start(env)) {
            Thread.sleep(1_000);
            assertThat(Files.readString(blind.log())).contains("\"ERROR\"")
                    .contains("Backfill workers will not run any backfill: role " + role)
                    .contains("GRANT pg_read_all_stats TO " + role);
            assertThat(metrics(blind)).contains("cutover_backfill_signals_hidden 1.0");
            assertThat(jobsRunning(db)).as("the job waits for workers that can see").isPositive();

            try (var c = db.connect(); var s = c.createStatement()) {
                s.execute("GRANT pg_read_all_stats TO " + role);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jobsRunning(db) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(jobsRunning(db)).as("the workers ran the jobs after the grant").isZero();
            assertThat(metrics(blind)).contains("cutover_backfill_signals_hidden 0.0");
        } finally {
            try (var c = db.connect(); var s = c.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    private static String metrics(Running service) {
        return RestAssured.given().baseUri("http://localhost").port(service.managementPort()).get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }

    private static long jobsRunning(ScratchDatabase db) throws java.sql.SQLException {
        try (var c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM cutover.backfill_jobs WHERE status = 'running'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void logsAreJsonLinesWithTraceIdsAndNoSecret() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("prod_logs");
        String dbPassword = db.password() == null || db.password().isEmpty() ? "" : db.password();
        String url = "postgresql://" + db.user() + (dbPassword.isEmpty() ? "" : ":" + dbPassword) + "@" + db.host()
                + ":" + db.port() + "/" + db.name();
        String secretKey = "prod-log-secret-key-" + UUID.randomUUID();
        String adminPassword = "admin-" + UUID.randomUUID();
        String wrongPassword = "wrong-" + UUID.randomUUID().toString().substring(0, 18);
        String smtpPassword = "prod-log-smtp-password-" + UUID.randomUUID();
        int port = freePort();
        int management = freePort();
        Path log = Files.createTempFile("prod-logs", ".log");
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", url, "SECRET_KEY", secretKey,
                "FIRST_SUPERUSER_PASSWORD", adminPassword, "SMTP_PASSWORD", smtpPassword, "MIGRATE_AT_START", "true",
                "PORT", String.valueOf(port), "MANAGEMENT_PORT", String.valueOf(management),
                // Nothing listens there: spans are made (and their export fails), which is all the trace ids need.
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + freePort()));
        Process service = launch(env, log, "-Dquarkus.http.access-log.enabled=true");
        String token;
        try {
            awaitReady(service, management, log);
            assertThat(Files.readString(log)).as("readiness waited for the warm-up: 10 rounds of 7 requests, the"
                    + " reads and empty updates answered 200, the invalid sign-up and login 422")
                    .contains("Warmed up in").contains("by status {200=50, 422=20}");
            token = api(port).formParam("username", "admin@example.com").formParam("password", adminPassword)
                    .post("/api/v1/login/access-token").then().statusCode(200).extract().path("access_token");
            api(port).formParam("username", "admin@example.com").formParam("password", wrongPassword)
                    .post("/api/v1/login/access-token").then().statusCode(400);
            api(port).header("Authorization", "Bearer " + token).get("/api/v1/users/me").then().statusCode(200);
            api(port).header("Authorization", "Bearer " + token).contentType("application/json").body(Map.of("current_password", wrongPassword,
                            "new_password", "new-" + adminPassword))
                    .patch("/api/v1/users/me/password").then().statusCode(400);
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(lines).as("the access log line of a request carries its trace id")
                .anySatisfy(line -> assertThat(line).contains("/api/v1/users/me").containsPattern("\"traceId\":\"[0-9a-f]{32}\""));
        String all = String.join("\n", lines);
        for (String secret : List.of(secretKey, adminPassword, wrongPassword, smtpPassword, token)) {
            assertThat(all).doesNotContain(secret);
        }
        if (!dbPassword.isEmpty()) {
            assertThat(all).doesNotContain(dbPassword);
        }
    }

    private record Result(int exitCode, String output) {
    }

    static String databaseUrl(ScratchDatabase db) {
        String password = db.password() == null || db.password().isEmpty() ? "" : ":" + db.password();
        return "postgresql://" + db.user() + password + "@" + db.host() + ":" + db.port() + "/" + db.name();
    }

    /** The packaged service started with {@code env} on free ports, ready, and stopped on close. */
    record Running(Process process, int port, int managementPort, Path log) implements AutoCloseable {

        static Running start(Map<String, String> env) throws Exception {
            int port = freePort();
            int management = freePort();
            Path log = Files.createTempFile("packaged", ".log");
            Map<String, String> all = new HashMap<>(env);
            all.put("PORT", String.valueOf(port));
            all.put("MANAGEMENT_PORT", String.valueOf(management));
            Process process = launch(all, log);
            Running running = new Running(process, port, management, log);
            try {
                awaitReady(process, management, log);
            } catch (Exception | AssertionError e) {
                running.close();
                throw e;
            }
            return running;
        }

        RequestSpecification api() {
            return ProductionStartIT.api(port);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process launch(Map<String, String> env, Path log, String... options) throws IOException {
        return PackagedService.launch(env, log, options);
    }

    private static void awaitReady(Process service, int managementPort, Path log) throws Exception {
        PackagedService.awaitReady(service, managementPort, log);
    }

    private static RequestSpecification api(int port) {
        return RestAssured.given().baseUri("http://localhost").port(port);
    }

    private static int freePort() throws IOException {
        return PackagedService.freePort();
    }

    private static Result start(Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("prod-start", ".log");
        Process process = launch(env, log, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service started instead of refusing: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
