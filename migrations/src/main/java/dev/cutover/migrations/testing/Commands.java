package dev.cutover.migrations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs the programs the components here start, and waits for what they listen on. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command} to its end within {@code seconds} and returns what it printed; an {@link IllegalStateException}
     * with that output when it fails. Output goes to a file, not a pipe: a daemon it forks could hold a pipe open.
     */
    static String run(long seconds, List<String> command) {
        try {
            Path output = Files.createTempFile("cutover-command", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
                if (!ended) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                String printed = Files.readString(output);
                if (!ended || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command)
                            + (ended ? " failed (exit " + process.exitValue() + "): " : " did not end within " + seconds
                            + " s: ") + printed);
                }
                return printed;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** A TCP port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}; {@code why} says what went wrong if not. */
    static void awaitListening(int port, long seconds, Supplier<String> why) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("nothing listened on " + port + " within " + seconds + " s: " + why.get());
    }
}
