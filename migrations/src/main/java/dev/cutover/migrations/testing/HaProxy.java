package dev.cutover.migrations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy balancing over service instances, routing only to those whose {@code /q/health/ready} on the
 * management port answers 200 (checked every 500 ms; three failed checks take an instance out, two good ones bring it
 * back, its share of requests rising over 10 s), and retrying nothing, so a request sent to an instance that has gone
 * is a failure the client sees. Its counters, per instance, are served as CSV at {@link #statsUri()}.
 */
public final class HaProxy implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");

    /** One instance: its API port and its management port. */
    public record Backend(int port, int managementPort) {
    }

    private final Process process;
    private final Path dir;
    private final int port;
    private final int statsPort;

    private HaProxy(Process process, Path dir, int port, int statsPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.statsPort = statsPort;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts HAProxy over {@code backends}, named {@code instance0}, {@code instance1}, ... in its counters. */
    public static HaProxy start(List<Backend> backends) {
        try {
            Path dir = Files.createTempDirectory("haproxy");
            int port = Commands.freePort();
            int statsPort = Commands.freePort();
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
                    "frontend stats",
                    "  bind 127.0.0.1:" + statsPort,
                    "  stats enable",
                    "  stats uri /stats",
                    "backend instances",
                    "  balance roundrobin",
                    "  option httpchk GET /q/health/ready",
                    "  http-check expect status 200",
                    "  default-server inter 500ms fall 3 rise 2 slowstart 10s"));
            for (int i = 0; i < backends.size(); i++) {
                Backend b = backends.get(i);
                config.add("  server instance" + i + " 127.0.0.1:" + b.port() + " check port " + b.managementPort());
            }
            Path file = dir.resolve("haproxy.cfg");
            Files.write(file, config);
            Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            HaProxy haProxy = new HaProxy(process, dir, port, statsPort);
            try {
                Commands.awaitListening(port, 20, haProxy::log);
            } catch (RuntimeException | Error e) {
                haProxy.close();
                throw e;
            }
            return haProxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** HAProxy's counters as CSV: one row per frontend, backend and server ({@code show stat}'s columns). */
    public URI statsUri() {
        return URI.create("http://127.0.0.1:" + statsPort + "/stats;csv");
    }

    /** What HAProxy printed: among others, each server going DOWN and UP. */
    public String log() {
        try {
            return Files.readString(dir.resolve("haproxy.log"));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
