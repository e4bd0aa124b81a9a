package dev.cutover.migrations.guard;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application-like load on the users table: a few sessions reading users by id in a loop, recording the slowest
 * query. It is how a test sees what a migration does to everyone else.
 */
final class Traffic implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    static Traffic start(ScratchDatabase db, int sessions) throws SQLException {
        Traffic t = new Traffic();
        List<UUID> ids = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM users LIMIT 100")) {
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
        }
        for (int i = 0; i < sessions; i++) {
            Connection c = db.connect();
            Thread thread = new Thread(() -> t.loop(c, ids), "traffic-" + i);
            thread.setDaemon(true);
            t.threads.add(thread);
            thread.start();
        }
        return t;
    }

    private void loop(Connection c, List<UUID> ids) {
        try (c; PreparedStatement ps = c.prepareStatement("SELECT id, email FROM users WHERE id = ?")) {
            int i = 0;
            while (running.get()) {
                ps.setObject(1, ids.get(i++ % ids.size()));
                long t0 = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                slowestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                queries.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (SQLException | RuntimeException e) {
            errors.add(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The slowest query so far, in milliseconds. */
    long slowestMillis() {
        return slowestNanos.get() / 1_000_000;
    }

    long queries() {
        return queries.get();
    }

    List<Throwable> errors() {
        return errors;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
