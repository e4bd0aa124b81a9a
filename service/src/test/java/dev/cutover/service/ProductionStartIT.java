package dev.cutover.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged service in the production profile: no database fallback and no template secrets. */
class ProductionStartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

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

    private record Result(int exitCode, String output) {
    }

    private static Result start(Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("prod-start", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.equals("DATABASE_URL")
                || name.equals("SECRET_KEY") || name.equals("FIRST_SUPERUSER_PASSWORD"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service started instead of refusing: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
