package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts the image runs, run here: the health check against a real HTTP server, the launchers with a fake JVM. */
class ContainerScriptsTest {

    @TempDir
    Path temp;

    private static Processes.Result healthcheck(int port) {
        return Processes.run(Repo.root(), Map.of("MANAGEMENT_PORT", String.valueOf(port)), 30,
                List.of("bash", Repo.path("infra/docker/healthcheck.sh").toString()));
    }

    @Test
    void healthCheckPassesOnlyWhenLivenessAnswers200() throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/live", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(healthcheck(port).exitCode()).isZero();
            status.set(503);
            Processes.Result down = healthcheck(port);
            assertThat(down.exitCode()).isEqualTo(1);
            assertThat(down.output()).contains("503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthCheckFailsWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(healthcheck(port).exitCode()).isNotZero();
    }

    @Test
    void serviceLauncherPassesJavaOptsAndStartsTheFastJarFromItsDirectory() throws IOException {
        Files.createDirectories(temp.resolve("service"));
        assertThat(launchService().output()).isEqualTo(temp.toRealPath().resolve("service") + "|-Xmx1g|-Da=b|-jar|quarkus-run.jar|extra|");
    }

    @Test
    void serviceLauncherUsesTheClassDataArchiveWhenTheImageHasOne() throws IOException {
        Files.createDirectories(temp.resolve("service"));
        Files.writeString(temp.resolve("service/app-cds.jsa"), "");
        assertThat(launchService().output()).isEqualTo(temp.toRealPath().resolve("service")
                + "|-Xmx1g|-Da=b|-XX:SharedArchiveFile=app-cds.jsa|-jar|quarkus-run.jar|extra|");
    }

    @Test
    void serviceLauncherPrefersTheAotCacheToTheClassDataArchive() throws IOException {
        Files.createDirectories(temp.resolve("service"));
        Files.writeString(temp.resolve("service/app-cds.jsa"), "");
        Files.writeString(temp.resolve("service/app.aot"), "");
        assertThat(launchService().output()).isEqualTo(temp.toRealPath().resolve("service")
                + "|-Xmx1g|-Da=b|-XX:AOTCache=app.aot|-jar|quarkus-run.jar|extra|");
    }

    /** Runs the launcher with a java that prints its working directory and arguments. */
    private Processes.Result launchService() throws IOException {
        Path fakeJava = temp.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s|' \"$(pwd -P)\" \"$@\"\n");
        fakeJava.toFile().setExecutable(true);
        Processes.Result result = Processes.run(Repo.root(),
                Map.of("JAVA", fakeJava.toString(), "CUTOVER_HOME", temp.toString(), "JAVA_OPTS", "-Xmx1g -Da=b"), 30,
                List.of("sh", Repo.path("infra/docker/cutover-service.sh").toString(), "extra"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }

    @Test
    void cliLauncherRunsTheCliJar() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Repo.path("migrations/target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("cutover-migrations-.*-cli\\.jar")).findFirst().orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        Assumptions.assumeTrue(jar != null, "the CLI jar is not built (./mvnw -pl migrations package)");
        Files.createDirectories(temp.resolve("cli"));
        Files.copy(jar, temp.resolve("cli/cutover-cli.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.Result result = Processes.run(Repo.root(),
                Map.of("JAVA", java, "CUTOVER_HOME", temp.toString(), "CUTOVER_JAVA_OPTS", "-XX:TieredStopAtLevel=1"), 120,
                List.of("sh", Repo.path("infra/docker/cutover.sh").toString(), "--help"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("cutover", "status");
    }
}
