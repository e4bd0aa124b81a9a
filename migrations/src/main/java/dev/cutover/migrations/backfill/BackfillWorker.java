package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.BatchSizeTuner;
import dev.cutover.migrations.backfill.internal.HealthCheck;
import dev.cutover.migrations.backfill.internal.JobStore;
import dev.cutover.migrations.backfill.internal.KeySpace;
import dev.cutover.migrations.backfill.internal.SqlBatch;
import dev.cutover.migrations.backfill.internal.VacuumScheduler;
import dev.cutover.migrations.jdbc.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a backfill's batches on one connection until its job leaves {@code running} (completed, paused, cancelled,
 * failed) or {@link #requestStop()} is called. Any number of workers, in any processes, may run the same job: each
 * batch claims the job row with {@code FOR UPDATE SKIP LOCKED}, so they take turns and never cover a range twice, and
 * the cursor moves in the batch's own transaction, so a worker killed mid-batch loses nothing. A backfill that supports
 * slices does each range in {@link BackfillPacing#slices()} transactions, the job row keeping the range and its next
 * slice, so that the space each slice frees on a page holds the next slice's new row versions (HOT updates). A worker
 * whose role cannot see the signals its throttles read refuses to run ({@link BlindThrottlesException}).
 */
public final class BackfillWorker {

    /** What one {@link #step()} did. */
    public enum Outcome {
        /** A batch committed. */
        BATCH,
        /** Another worker holds the job row for its batch. */
        BUSY,
        /** The database is unhealthy; no batch ran. */
        THROTTLED,
        /** The batch rolled back (timeout, lock timeout, error); it is retried. */
        FAILED,
        /** The job is not runnable (finished, paused, or gone). */
        STOPPED
    }

    private static final long IDLE_MILLIS = 25;
    private static final long FIRST_BACKOFF_MILLIS = 100;

    private final Backfill backfill;
    private final ConnectionSource connections;
    private final BackfillPacing options;
    private final BackfillListener listener;
    private final BatchSizeTuner tuner;
    private final HealthCheck health;
    private final VacuumScheduler vacuum;

    private boolean checkSignals = true;
    private volatile boolean stopRequested;
    /** This worker's session and what it learned on opening it; null until the first step and after a failure. */
    private Session session;
    private String throttle;
    private int consecutiveFailures;
    private long lastWorkMillis;
    private boolean midRange;

    /** The worker's connection, the table's key space read on it, the batch function, and its slice count. */
    private record Session(Connection connection, KeySpace keys, BatchFunction batch, int slices) {
    }

    public BackfillWorker(Backfill backfill, ConnectionSource connections, BackfillPacing options,
                          BackfillListener listener) {
        this.backfill = backfill;
        this.connections = connections;
        this.options = options;
        this.listener = listener;
        this.tuner = new BatchSizeTuner(options);
        this.health = new HealthCheck(options);
        this.vacuum = new VacuumScheduler(connections, backfill.table(), ms -> listener.vacuumed(backfill.name(), ms));
    }

    /**
     * Why a worker on {@code c}'s role would refuse to run ({@link BlindThrottlesException}'s message), or empty when the
     * role sees the signals its throttles read.
     */
    public static Optional<String> hiddenSignals(Connection c) throws SQLException {
        return HealthCheck.hiddenSignals(c);
    }

    /**
     * Runs even when the role cannot see the throttles' signals: for a backfill run inline by a migration (dev and test
     * databases, tables under the inline threshold), where a database's owner must be able to migrate it and the few
     * batches finish before a lock queue could matter.
     */
    BackfillWorker withoutSignalCheck() {
        checkSignals = false;
        return this;
    }

    /** Asks {@link #run()} to return after the batch in flight; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs batches (backing off while the database is unhealthy, sleeping per the duty cycle, vacuuming every few
     * batches) until the job is no longer runnable or a stop is requested; returns the job's state then.
     */
    public BackfillStatus run() throws SQLException {
        long backoff = FIRST_BACKOFF_MILLIS;
        try (vacuum) {
            while (!stopRequested) {
                Outcome outcome = step();
                if (outcome == Outcome.STOPPED) {
                    break;
                }
                switch (outcome) {
                    case BATCH -> {
                        backoff = FIRST_BACKOFF_MILLIS;
                        vacuum.startIfDue(options.vacuumEvery(session.slices()));
                        sleep((long) (lastWorkMillis * (1 - options.dutyCycle()) / options.dutyCycle()));
                    }
                    case THROTTLED -> {
                        sleep(backoff);
                        backoff = Math.min(options.maxBackoff().toMillis(), backoff * 2);
                    }
                    case BUSY -> sleep(IDLE_MILLIS);
                    case FAILED -> sleep(FIRST_BACKOFF_MILLIS);
                    default -> throw new IllegalStateException(outcome.name());
                }
            }
        } finally {
            closeQuietly();
        }
        return new BackfillJobs(connections).get(backfill.name()).orElseThrow(
                () -> new IllegalStateException("no backfill job named " + backfill.name()));
    }

    /** One health check and, if healthy, one batch. */
    public Outcome step() throws SQLException {
        Session s = session();
        // Checked before each range: the slices of a range run back to back, a few hundred milliseconds in all.
        Optional<String> reason = midRange ? Optional.empty() : health.reasonToWait(s.connection());
        if (reason.isPresent()) {
            if (!reason.get().equals(throttle)) {
                throttle = reason.get();
                listener.throttled(backfill.name(), throttle);
            }
            noteThrottleQuietly(s.connection(), throttle);
            return Outcome.THROTTLED;
        }
        if (throttle != null) {
            throttle = null;
            listener.throttled(backfill.name(), null);
            noteThrottleQuietly(s.connection(), null);
        }
        return runBatch(s);
    }

    private Session session() throws SQLException {
        if (session == null || session.connection().isClosed()) {
            Connection c = connections.open();
            Optional<String> hidden = checkSignals ? HealthCheck.hiddenSignals(c) : Optional.empty();
            if (hidden.isPresent()) {
                c.close();
                throw new BlindThrottlesException(hidden.get());
            }
            c.setAutoCommit(true);
            JobStore.ensure(c);
            KeySpace keys = KeySpace.of(c, backfill.table(), backfill.keyColumn());
            BatchFunction batch = backfill.function().orElseGet(() -> new SqlBatch(backfill.sql().orElseThrow(), keys));
            session = new Session(c, keys, batch, batch.slices() ? options.slices() : 1);
        }
        return session;
    }

    /**
     * One transaction: claims the job row, picks the next key range (or the range whose slices are in progress), runs
     * the batch function over it (or over its next slice), and moves the job on in the same transaction: the cursor
     * after the range's last slice, the slice number before that.
     */
    private Outcome runBatch(Session s) throws SQLException {
        Connection c = s.connection();
        int size = options.initialBatchSize();
        c.setAutoCommit(false);
        try {
            setLocalTimeouts(c, options.lockTimeout(), options.statementTimeout());
            JobStore.Claim claim = JobStore.claim(c, backfill.name());
            if (claim == null) {
                c.rollback();
                return JobStore.exists(c, backfill.name()) ? Outcome.BUSY : Outcome.STOPPED;
            }
            if (claim.state() != JobState.RUNNING) {
                c.rollback();
                return Outcome.STOPPED;
            }
            size = tuner.clamp(claim.batchSize());
            long started = System.nanoTime();
            String from = claim.cursor() == null ? s.keys().lowest() : claim.cursor();
            String rangeEnd = claim.rangeEnd();
            long rangeKeys = claim.rangeKeys();
            int slice = claim.slice();
            if (rangeEnd == null || slice >= s.slices()) {
                // A new range; also when the slice count changed since its slices began (they are idempotent).
                KeySpace.Range range = s.keys().next(c, from, size);
                if (range.keys() == 0) {
                    JobStore.complete(c, backfill.name());
                    c.commit();
                    return Outcome.STOPPED;
                }
                rangeEnd = range.to();
                rangeKeys = range.keys();
                slice = 0;
            }
            long rows = s.batch().apply(c, new KeyRange(from, rangeEnd, slice, s.slices()));
            BatchSizeTuner.Sized sized = tuner.afterSlice(size, (System.nanoTime() - started) / 1_000_000, slice,
                    s.slices());
            boolean lastSlice = slice == s.slices() - 1;
            JobStore.advance(c, backfill.name(), new JobStore.Progress(lastSlice ? rangeEnd : claim.cursor(),
                    lastSlice ? null : rangeEnd, lastSlice ? null : rangeKeys, lastSlice ? 0 : slice + 1, rows,
                    lastSlice ? rangeKeys : 0, (int) sized.lockHeldMillis(), sized.nextSize()));
            long committing = System.nanoTime();
            c.commit();
            tuner.committed((System.nanoTime() - committing) / 1_000_000);
            consecutiveFailures = 0;
            if (lastSlice) {
                vacuum.rangeDone();
            }
            midRange = !lastSlice;
            lastWorkMillis = (System.nanoTime() - started) / 1_000_000;
            listener.batchCommitted(backfill.name(), lastSlice ? rangeKeys : 0, rows, sized.lockHeldMillis(), size);
            return Outcome.BATCH;
        } catch (SQLException e) {
            rollbackQuietly(c);
            midRange = false;
            recordFailure(e, size);
            return Outcome.FAILED;
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
    }

    /** Counts a failed batch on the job; halves the size after a timeout; ends the job failed when attempts run out. */
    private void recordFailure(SQLException e, int size) throws SQLException {
        consecutiveFailures++;
        boolean timedOut = SqlStates.RETRYABLE.contains(e.getSQLState());
        int next = timedOut ? tuner.afterTimeout(size) : size;
        listener.batchFailed(backfill.name(), firstLine(e), next);
        Connection c = session.connection();
        if (c.isClosed() || SqlStates.isConnectionFailure(e)) {
            closeQuietly();
            if (consecutiveFailures >= options.maxAttempts()) {
                throw e;
            }
            return;
        }
        c.setAutoCommit(false);
        try {
            // Waits for another worker's batch rather than skipping: the count must not get lost.
            setLocalTimeouts(c, options.statementTimeout().plusSeconds(1), options.statementTimeout().plusSeconds(2));
            // After a timeout the range in progress is dropped too, so the retry takes a smaller one.
            JobStore.recordFailure(c, backfill.name(), firstLine(e), next, timedOut, options.maxAttempts());
            c.commit();
        } catch (SQLException recording) {
            rollbackQuietly(c);
            if (consecutiveFailures >= options.maxAttempts()) {
                throw e;
            }
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
    }

    /** A progress note that another worker's batch may hold up: skipped rather than waited for. */
    private void noteThrottleQuietly(Connection c, String reason) {
        try {
            c.setAutoCommit(false);
            setLocalTimeouts(c, options.lockTimeout(), options.statementTimeout());
            JobStore.throttle(c, backfill.name(), reason);
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
        } finally {
            try {
                if (!c.isClosed()) {
                    c.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // The next step reopens a broken connection.
            }
        }
    }

    private static void setLocalTimeouts(Connection c, Duration lock, Duration statement) throws SQLException {
        // One round trip for both: on a busy database each one costs a context switch or two.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)")) {
            ps.setString(1, Math.max(1, lock.toMillis()) + "ms");
            ps.setString(2, Math.max(1, statement.toMillis()) + "ms");
            ps.executeQuery().close();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // A broken connection has rolled back on the server already.
        }
    }

    private void closeQuietly() {
        if (session != null) {
            try {
                session.connection().close();
            } catch (SQLException ignored) {
                // Nothing left to release: the server ends the session's transaction itself.
            }
            session = null;
        }
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backfill worker interrupted", e);
        }
    }
}
