package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * Starts a plain (not FULL) VACUUM of a worker's table on a connection of its own every few ranges, unless the last one
 * still runs, so the next batches' row versions reuse the space the last ones freed. It runs beside the batches: on a
 * large table one VACUUM takes many batches' time, and waiting for it would halve the backfill's rate.
 */
public final class VacuumScheduler implements AutoCloseable {

    private final ConnectionSource connections;
    private final String table;
    private final LongConsumer vacuumed;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill-vacuum");
        t.setDaemon(true);
        return t;
    });
    private long ranges;
    private long rangesAtLastVacuum;
    private CompletableFuture<Void> running;

    /** {@code vacuumed} hears each finished VACUUM's duration in milliseconds. */
    public VacuumScheduler(ConnectionSource connections, String table, LongConsumer vacuumed) {
        this.connections = connections;
        this.table = table;
        this.vacuumed = vacuumed;
    }

    /** Counts a finished key range. */
    public void rangeDone() {
        ranges++;
    }

    /** Starts a VACUUM when {@code every} ranges passed since the last one (never for {@code every <= 0}). */
    public void startIfDue(int every) {
        if (every <= 0 || ranges - rangesAtLastVacuum < every || (running != null && !running.isDone())) {
            return;
        }
        rangesAtLastVacuum = ranges;
        running = CompletableFuture.runAsync(this::vacuumNow, thread);
    }

    private void vacuumNow() {
        long started = System.nanoTime();
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            // Only the heap pass: pruning frees the old row versions' space for the next batches, while scanning
            // every index of a large table each time would cost more than the batches (autovacuum cleans the indexes
            // later). No truncation, whose ACCESS EXCLUSIVE lock would stop the writers; SKIP_LOCKED, because another
            // worker's or autovacuum's VACUUM of the table already does the job.
            s.execute("VACUUM (SKIP_LOCKED, INDEX_CLEANUP OFF, TRUNCATE false) " + table);
            vacuumed.accept((System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            // Vacuum is an optimization; the backfill is correct without it.
        }
    }

    /** Waits for a VACUUM in progress, then releases the thread. */
    @Override
    public void close() {
        if (running != null) {
            running.join();
        }
        thread.shutdown();
    }
}
