package dev.cutover.loadtests.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every request of a run as one CSV line ({@code start_ms,end_ms,request,ok}), flushed at least once a second, so
 * the rehearsal report reads timings that do not depend on Gatling's internal log format.
 */
public final class RequestLog implements AutoCloseable {

    public static final String HEADER = "start_ms,end_ms,request,ok";

    private final BufferedWriter out;
    private long lastFlush = System.currentTimeMillis();

    public RequestLog(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log " + file, e);
        }
    }

    public synchronized void record(String request, long startMillis, long endMillis, boolean ok) {
        try {
            out.write(startMillis + "," + endMillis + "," + request + "," + (ok ? "1" : "0") + "\n");
            if (endMillis - lastFlush >= 1000) {
                out.flush();
                lastFlush = endMillis;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
