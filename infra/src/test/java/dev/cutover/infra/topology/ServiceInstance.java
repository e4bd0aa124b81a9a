package dev.cutover.infra.topology;

import dev.cutover.migrations.testing.HaProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service instance on fixed ports, so that it can start again where the load balancer expects it. */
final class ServiceInstance implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final int port;
    private final int managementPort;
    private final Path logDir;
    private Process process;
    private int starts;

    ServiceInstance(String name, Path jar, Map<String, String> env, int port, int managementPort, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.env = Map.copyOf(env);
        this.port = port;
        this.managementPort = managementPort;
        this.logDir = logDir;
    }

    String name() {
        return name;
    }

    HaProxy.Backend backend() {
        return new HaProxy.Backend(port, managementPort);
    }

    /** Starts the jar and returns once {@code /q/health/ready} answers 200; its output in {@code <name>-<n>.log}. */
    void start() throws Exception {
        start(false);
    }

    /**
     * As {@link #start()}; {@code beside} others that serve, the JVM boots at nice 10, and returns to the others'
     * priority once ready. In production an instance boots on its own node; on the rehearsal's one machine its boot
     * (class loading, the JIT) would take the CPUs the running instances serve from.
     */
    void start(boolean beside) throws Exception {
        List<String> command = new ArrayList<>();
        if (beside) {
            command.addAll(List.of("nice", "-n", "10"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + "-" + (++starts) + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("OTEL_")
                || key.startsWith("BACKFILL_") || key.equals("DATABASE_URL") || key.equals("SECRET_KEY"));
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", String.valueOf(port));
        all.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(all);
        process = builder.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start (exit " + process.exitValue() + "), see "
                        + logDir);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    if (beside) {
                        renice(process.pid());
                    }
                    return;
                }
            } catch (IOException notYetListening) {
                // until the management interface is up
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within 3 minutes, see " + logDir);
    }

    /** Every thread of the process back to nice 0 (a nice value is per thread on Linux). */
    private static void renice(long pid) throws Exception {
        List<String> command = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        try (var tasks = java.nio.file.Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> command.add(task.getFileName().toString()));
        }
        Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
            throw new IllegalStateException("could not renice " + pid);
        }
    }

    /**
     * SIGTERM, then waits for the process to end; returns what the instance showed meanwhile: whether readiness
     * answered 503 while the API still answered 200 (so the load balancer could take it out before it stopped
     * listening), or what it did instead.
     */
    String stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return "not running";
        }
        process.destroy();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        int readiness = status(client, managementPort, "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (readiness == 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            readiness = status(client, managementPort, "/q/health/ready");
        }
        int api = status(client, port, "/api/v1/utils/health-check/");
        String shown = readiness == 503 && api == 200 ? "readiness 503 first while the API answered 200"
                : "readiness " + (readiness == 0 ? "gone" : readiness) + " and the API " + (api == 0 ? "gone" : api)
                        + " after SIGTERM";
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within 90 s of SIGTERM");
        }
        return shown;
    }

    /** The status {@code path} answers on {@code port}, 0 when nothing answers. */
    private static int status(HttpClient client, int port, String path) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException gone) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
