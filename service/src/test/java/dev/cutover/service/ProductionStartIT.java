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

    @Test
    void refusesToStartWithoutDatabaseUrl() throws Exception {
        Result result = start(Map.of("SECRET_KEY", "a real secret", "FIRST_SUPERUSER_PASSWORD", "a real password"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("cutover-service: DATABASE_URL is not set").doesNotContain("\tat ");
    }

    @Test
    void refusesTheTemplatesDefaultSecret() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("prod_start");
        String url = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.name();
        Result result = start(Map.of("DATABASE_URL", url, "SECRET_KEY", "changethis",
                "FIRST_SUPERUSER_PASSWORD", "a real password"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("The value of SECRET_KEY is \"changethis\"").doesNotContain("\tat ");

        result = start(Map.of("DATABASE_URL", url, "SECRET_KEY", "a real secret", "FIRST_SUPERUSER_PASSWORD", "changethis"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("FIRST_SUPERUSER_PASSWORD");
    }

    @Test
    void logsAreJsonLinesWithTraceIdsAndNoSecret() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("prod_logs");
        String dbPassword = db.password() == null || db.password().isEmpty() ? "" : db.password();
        String url = "postgresql://" + db.user() + (dbPassword.isEmpty() ? "" : ":" + dbPassword) + "@" + db.host()
                + ":" + db.port() + "/" + db.name();
        String secretKey = "prod-log-secret-key-" + UUID.randomUUID();
        String adminPassword = "admin-" + UUID.randomUUID().toString().substring(0, 18);
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
