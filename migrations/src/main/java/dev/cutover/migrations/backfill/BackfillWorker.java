package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.BatchSizeTuner;
import dev.cutover.migrations.backfill.internal.HealthCheck;
import dev.cutover.migrations.backfill.internal.JobTable;
import dev.cutover.migrations.backfill.internal.KeySpace;
import dev.cutover.migrations.backfill.internal.SqlBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a backfill's batches on one connection until its job leaves {@code running} (completed, paused, cancelled,
 * failed) or {@link #requestStop()} is called. Any number of workers, in any processes, may run the same job: each
 * batch claims the job row with {@code FOR UPDATE SKIP LOCKED}, so they take turns and never cover a range twice, and
 * the cursor moves in the batch's own transaction, so a worker killed mid-batch loses nothing. A backfill that supports
 * slices does each range in {@link BackfillOptions#slices()} transactions, the job row keeping the range and its next
 * slice, so that the space each slice frees on a page holds the next slice's new row versions (HOT updates).
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

    /** lock_not_available, query_canceled (statement_timeout), deadlock_detected, serialization_failure. */
    private static final Set<String> TIMEOUTS = Set.of("55P03", "57014", "40P01", "40001");
    private static final long IDLE_MILLIS = 25;
    private static final long FIRST_BACKOFF_MILLIS = 100;

    private final Backfill backfill;
    private final ConnectionSource connections;
    private final BackfillOptions options;
    private final BackfillListener listener;
    private final BatchSizeTuner tuner;
    private final HealthCheck health;

    private volatile boolean stopRequested;
    private Connection connection;
    private KeySpace keys;
    private BatchFunction batch;
    private int slices;
    private String throttle;
    private int consecutiveFailures;
    private long rangesHere;
    private long rangesAtLastVacuum;
    private long lastWorkMillis;
    private long lastCommitMillis;
    private long slowestSliceMillis;
    private boolean midRange;
    private CompletableFuture<Void> vacuum;
    private final ExecutorService vacuumThread = Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "backfill-vacuum");
                t.setDaemon(true);
                return t;
            });

    public BackfillWorker(Backfill backfill, ConnectionSource connections, BackfillOptions options,
                          BackfillListener listener) {
        this.backfill = backfill;
        this.connections = connections;
        this.options = options;
        this.listener = listener;
        this.tuner = new BatchSizeTuner(options);
        this.health = new HealthCheck(options);
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
        try {
            while (!stopRequested) {
                Outcome outcome = step();
                if (outcome == Outcome.STOPPED) {
                    break;
                }
                switch (outcome) {
                    case BATCH -> {
                        backoff = FIRST_BACKOFF_MILLIS;
                        vacuumIfDue();
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
            if (vacuum != null) {
                vacuum.join();
            }
            vacuumThread.shutdown();
        }
        return new BackfillJobs(connections).get(backfill.name()).orElseThrow(
                () -> new IllegalStateException("no backfill job named " + backfill.name()));
    }

    /** One health check and, if healthy, one batch. */
    public Outcome step() throws SQLException {
        prepare();
        // Checked before each range: the slices of a range run back to back, a few hundred milliseconds in all.
        Optional<String> reason = midRange ? Optional.empty() : health.reasonToWait(connection);
        if (reason.isPresent()) {
            if (!reason.get().equals(throttle)) {
                throttle = reason.get();
                listener.throttled(backfill.name(), throttle);
            }
            updateJobQuietly("UPDATE cutover.backfill_jobs SET throttle = ?, updated_at = now() "
                    + "WHERE name = ? AND status = 'running'", throttle);
            return Outcome.THROTTLED;
        }
        if (throttle != null) {
            throttle = null;
            listener.throttled(backfill.name(), null);
            updateJobQuietly("UPDATE cutover.backfill_jobs SET throttle = ? WHERE name = ? AND status = 'running'", null);
        }
        return runBatch();
    }

    private void prepare() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
            connection.setAutoCommit(true);
            JobTable.ensure(connection);
            keys = KeySpace.of(connection, backfill.table(), backfill.keyColumn());
            batch = backfill.function().orElseGet(() -> new SqlBatch(backfill.sql().orElseThrow(), keys));
            slices = batch.slices() ? options.slices() : 1;
        }
    }

    /**
     * One transaction: claims the job row, picks the next key range (or the range whose slices are in progress), runs
     * the batch function over it (or over its next slice), and moves the job on in the same transaction: the cursor
     * after the range's last slice, the slice number before that.
     */
    private Outcome runBatch() throws SQLException {
        Connection c = connection;
        int size = options.initialBatchSize();
        c.setAutoCommit(false);
        try {
            setLocalTimeouts(c, options.lockTimeout(), options.statementTimeout());
            String status;
            String cursor;
            String rangeEnd;
            long rangeKeys;
            int slice;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, cursor, batch_size, range_end, range_keys, "
                    + "slice FROM cutover.backfill_jobs WHERE name = ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, backfill.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return jobExists(c) ? Outcome.BUSY : Outcome.STOPPED;
                    }
                    status = rs.getString(1);
                    cursor = rs.getString(2);
                    size = tuner.clamp(rs.getInt(3));
                    rangeEnd = rs.getString(4);
                    rangeKeys = rs.getLong(5);
                    slice = rs.getInt(6);
                }
            }
            if (!JobState.RUNNING.dbValue().equals(status)) {
                c.rollback();
                return Outcome.STOPPED;
            }
            long started = System.nanoTime();
            String from = cursor == null ? keys.lowest() : cursor;
            if (rangeEnd == null || slice >= slices) {
                // A new range; also when the slice count changed since its slices began (they are idempotent).
                KeySpace.Range range = keys.next(c, from, size);
                if (range.keys() == 0) {
                    execute(c, "UPDATE cutover.backfill_jobs SET status = 'completed', finished_at = now(), "
                            + "updated_at = now(), throttle = NULL, last_error = NULL, attempts = 0, range_end = NULL, "
                            + "range_keys = NULL, slice = 0 WHERE name = ?");
                    c.commit();
                    return Outcome.STOPPED;
                }
                rangeEnd = range.to();
                rangeKeys = range.keys();
                slice = 0;
            }
            if (slice == 0) {
                slowestSliceMillis = 0;
            }
            long rows = batch.apply(c, new KeyRange(from, rangeEnd, slice, slices));
            // The tuner is fed the whole time the rows stay locked, commit included, as measured in the last batch;
            // with slices, once per range and with its slowest slice, the longest a writer may have waited.
            long millis = (System.nanoTime() - started) / 1_000_000 + lastCommitMillis;
            slowestSliceMillis = Math.max(slowestSliceMillis, millis);
            boolean lastSlice = slice == slices - 1;
            int next = lastSlice ? tuner.afterSuccess(size, slowestSliceMillis) : size;
            try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET cursor = ?, "
                    + "range_end = ?, range_keys = ?, slice = ?, "
                    + "rows_done = rows_done + ?, keys_scanned = keys_scanned + ?, batches = batches + 1, "
                    + "last_batch_ms = ?, batch_size = ?, attempts = 0, last_error = NULL, throttle = NULL, "
                    + "updated_at = now() WHERE name = ?")) {
                ps.setString(1, lastSlice ? rangeEnd : cursor);
                ps.setString(2, lastSlice ? null : rangeEnd);
                if (lastSlice) {
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(3, rangeKeys);
                }
                ps.setInt(4, lastSlice ? 0 : slice + 1);
                ps.setLong(5, rows);
                ps.setLong(6, lastSlice ? rangeKeys : 0);
                ps.setInt(7, (int) millis);
                ps.setInt(8, next);
                ps.setString(9, backfill.name());
                ps.executeUpdate();
            }
            long committing = System.nanoTime();
            c.commit();
            lastCommitMillis = (System.nanoTime() - committing) / 1_000_000;
            consecutiveFailures = 0;
            if (lastSlice) {
                rangesHere++;
            }
            midRange = !lastSlice;
            lastWorkMillis = (System.nanoTime() - started) / 1_000_000;
            listener.batchCommitted(backfill.name(), lastSlice ? rangeKeys : 0, rows, millis, size);
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
        boolean timedOut = TIMEOUTS.contains(e.getSQLState());
        int next = timedOut ? tuner.afterTimeout(size) : size;
        String error = firstLine(e);
        listener.batchFailed(backfill.name(), error, next);
        if (connection.isClosed() || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            closeQuietly();
            if (consecutiveFailures >= options.maxAttempts()) {
                throw e;
            }
            return;
        }
        Connection c = connection;
        c.setAutoCommit(false);
        try {
            // Waits for another worker's batch rather than skipping: the count must not get lost.
            setLocalTimeouts(c, options.statementTimeout().plusSeconds(1), options.statementTimeout().plusSeconds(2));
            // After a timeout the range in progress is dropped too, so the retry takes a smaller one.
            try (PreparedStatement ps = c.prepareStatement("UPDATE cutover.backfill_jobs SET attempts = attempts + 1, "
                    + "last_error = ?, batch_size = ?, updated_at = now(), "
                    + (timedOut ? "range_end = NULL, range_keys = NULL, slice = 0, " : "")
                    + "status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END, "
                    + "finished_at = CASE WHEN attempts + 1 >= ? THEN now() ELSE finished_at END "
                    + "WHERE name = ? AND status = 'running'")) {
                ps.setString(1, error);
                ps.setInt(2, next);
                ps.setInt(3, options.maxAttempts());
                ps.setInt(4, options.maxAttempts());
                ps.setString(5, backfill.name());
                ps.executeUpdate();
            }
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

    /**
     * Starts a plain (not FULL) VACUUM of the table on a connection of its own every few ranges, unless the last one
     * still runs, so the next batches' row versions reuse the space the last ones freed. It runs beside the batches:
     * on a large table one VACUUM takes many batches' time, and waiting for it would halve the backfill's rate.
     */
    private void vacuumIfDue() {
        int every = options.vacuumEvery(slices);
        if (every <= 0 || rangesHere - rangesAtLastVacuum < every
                || (vacuum != null && !vacuum.isDone())) {
            return;
        }
        rangesAtLastVacuum = rangesHere;
        vacuum = CompletableFuture.runAsync(this::vacuumNow, vacuumThread);
    }

    private void vacuumNow() {
        long started = System.nanoTime();
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            // Only the heap pass: pruning frees the old row versions' space for the next batches, while scanning
            // every index of a large table each time would cost more than the batches (autovacuum cleans the indexes
            // later). No truncation, whose ACCESS EXCLUSIVE lock would stop the writers; SKIP_LOCKED, because another
            // worker's or autovacuum's VACUUM of the table already does the job.
            s.execute("VACUUM (SKIP_LOCKED, INDEX_CLEANUP OFF, TRUNCATE false) " + backfill.table());
            listener.vacuumed(backfill.name(), (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            // Vacuum is an optimization; the backfill is correct without it.
        }
    }

    private boolean jobExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cutover.backfill_jobs WHERE name = ?")) {
            ps.setString(1, backfill.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, backfill.name());
            ps.executeUpdate();
        }
    }

    /** A progress note that another worker's batch may hold up: skipped rather than waited for. */
    private void updateJobQuietly(String sql, String value) {
        Connection c = connection;
        try {
            c.setAutoCommit(false);
            setLocalTimeouts(c, options.lockTimeout(), options.statementTimeout());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.setString(2, backfill.name());
                ps.executeUpdate();
            }
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
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing left to release: the server ends the session's transaction itself.
            }
            connection = null;
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
