package dev.cutover.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as its own process, as the image runs it. */
public final class PackagedService implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private PackagedService(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the jar with {@code env} on top of this JVM's environment (less the variables that would configure it by
     * accident: QUARKUS_*, OTEL_*, DATABASE_URL, FASTAPI_ENV and the secrets), its output in {@code log}.
     */
    public static Process launch(Map<String, String> env, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("OTEL_")
                || name.equals("DATABASE_URL") || name.equals("FASTAPI_ENV") || name.equals("SECRET_KEY")
                || name.equals("FIRST_SUPERUSER_PASSWORD"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Starts the jar on free ports ({@code PORT}, {@code MANAGEMENT_PORT} are set here) and returns once it is ready;
     * an {@link AssertionError} with its output if it exits or is not ready within two minutes.
     */
    public static PackagedService start(Map<String, String> env, String... jvmOptions) throws Exception {
        int port = freePort();
        int management = freePort();
        Path log = Files.createTempFile("cutover-service", ".log");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PORT", String.valueOf(port));
        all.put("MANAGEMENT_PORT", String.valueOf(management));
        PackagedService service = new PackagedService(launch(all, log, jvmOptions), log, port, management);
        try {
            service.awaitReady();
        } catch (Exception | AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Waits until {@code /q/health/ready} on {@code managementPort} answers 200 while {@code process} lives. */
    public static void awaitReady(Process process, int managementPort, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited: " + Files.readString(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // connection refused until the management interface is up
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not ready within " + READY_WITHIN.toSeconds() + " s: " + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        awaitReady(process, managementPort, log);
    }

    /** The API's base URI, {@code http://localhost:PORT}. */
    public URI uri() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    /** The CPU time the service's process has used so far (zero where the platform does not tell). */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** What the service printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
