package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the image's runtime stage does, without Docker: {@code train-aot.sh} trains the packaged service's AOT cache on
 * JDK 25 against a real database, and the launcher starts the service with it ({@code -XX:AOTMode=on}: the JVM exits
 * rather than start without the cache).
 */
class AotCacheIT {

    private static final String JVM_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAM=768m -XX:MaxRAMPercentage=60.0 -XX:-UsePerfData";

    @TempDir
    Path home;

    @Test
    void theTrainedCacheStartsTheServiceOnJdk25() throws Exception {
        Optional<Path> java = jdk(25);
        if (java.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test: Temurin 25 is under /usr/lib/jvm on every machine here");
        }
        Assumptions.assumeTrue(java.isPresent(), "needs a JDK 25 under /usr/lib/jvm");
        Path app = Repo.path("service/target/quarkus-app");
        Assumptions.assumeTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")),
                "the packaged service is built earlier in ./mvnw verify");
        // A copy, as the image has its own: the cache belongs to one JVM, and service/target's JDK 17 runs must not find it.
        Path service = home.resolve("service");
        copy(app, service);
        Files.deleteIfExists(service.resolve("app-cds.jsa"));
        ScratchDatabase db = ScratchDatabase.create("aot_training");
        String url = "postgresql://" + db.user() + (db.password() == null || db.password().isEmpty() ? "" : ":" + db.password())
                + "@" + db.host() + ":" + db.port() + "/" + db.name();

        Processes.Result training = Processes.run(service, Map.of("JAVA", java.get().toString(), "JAVA_OPTS", JVM_OPTIONS,
                "DATABASE_URL", url, "TRAINING_ROUNDS", "30", "PORT", String.valueOf(freePort()),
                "MANAGEMENT_PORT", String.valueOf(freePort())), 600,
                List.of("bash", Repo.path("infra/docker/train-aot.sh").toString()));
        assertThat(training.exitCode()).as(training.output()).isZero();
        assertThat(service.resolve("app.aot")).isNotEmptyFile();

        int port = freePort();
        int management = freePort();
        Path log = home.resolve("service.log");
        ProcessBuilder launcher = new ProcessBuilder("sh", Repo.path("infra/docker/cutover-service.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        launcher.environment().putAll(Map.of("JAVA", java.get().toString(), "CUTOVER_HOME", home.toString(),
                "JAVA_OPTS", JVM_OPTIONS + " -XX:AOTMode=on", "DATABASE_URL", url, "SECRET_KEY", "aot-test-" + "k".repeat(40),
                "FIRST_SUPERUSER_PASSWORD", "aot-test-" + "p".repeat(40), "PORT", String.valueOf(port),
                "MANAGEMENT_PORT", String.valueOf(management)));
        Process process = launcher.start();
        try {
            awaitReady(process, management, log);
            assertThat(Files.readString(log)).as("ready after the warm-up").contains("Warmed up in");
            assertThat(Files.readString(Path.of("/proc/" + process.pid() + "/maps"))).as("the JVM mapped the cache")
                    .contains(service.resolve("app.aot").toString());
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** The java of a JDK of that feature release under /usr/lib/jvm, if there is one. */
    static Optional<Path> jdk(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(dir -> releaseOf(dir).startsWith("JAVA_VERSION=\"" + feature))
                    .map(dir -> dir.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst();
        }
    }

    private static String releaseOf(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitReady(Process process, int management, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within 180 s:\n" + Files.readString(log));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
