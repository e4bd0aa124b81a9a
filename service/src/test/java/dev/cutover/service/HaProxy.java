package dev.cutover.service;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy balancing over service instances, routing only to those whose {@code /q/health/ready} on the
 * management port answers 200 (checked every 500 ms; three failed checks take an instance out, two good ones bring it
 * back), and retrying nothing, so a request sent to an instance that has gone is a failure the client sees.
 */
public final class HaProxy implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");

    /** One instance: its API port and its management port. */
    public record Backend(int port, int managementPort) {
    }

    private final Process process;
    private final Path dir;
    private final int port;

    private HaProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static HaProxy start(List<Backend> backends) throws Exception {
        Path dir = Files.createTempDirectory("haproxy");
        int port = PackagedService.freePort();
        List<String> config = new ArrayList<>(List.of(
                "global",
                "  maxconn 4000",
                "defaults",
                "  mode http",
                "  retries 0",
                "  timeout connect 2s",
                "  timeout client 60s",
                "  timeout server 60s",
                "  timeout check 2s",
                "frontend api",
                "  bind 127.0.0.1:" + port,
                "  default_backend instances",
                "backend instances",
                "  balance roundrobin",
                "  option httpchk GET /q/health/ready",
                "  http-check expect status 200",
                "  default-server inter 500ms fall 3 rise 2"));
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            config.add("  server instance" + i + " 127.0.0.1:" + b.port() + " check port " + b.managementPort());
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.write(file, config);
        Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        HaProxy haProxy = new HaProxy(process, dir, port);
        try {
            haProxy.awaitListening();
        } catch (Exception | AssertionError e) {
            haProxy.close();
            throw e;
        }
        return haProxy;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What HAProxy printed: among others, each server going DOWN and UP. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        process.destroyForcibly();
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("HAProxy exited: " + log());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("HAProxy did not listen on " + port + ": " + log());
    }
}
