package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillListener;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillWorker;
import dev.cutover.migrations.backfill.BackfillWorker.Outcome;
import dev.cutover.migrations.backfill.BlindThrottlesException;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.testing.PostgresPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service's backfill worker running as {@code cutover_app}, with exactly the rights infra/postgres/roles.sql gives
 * it, on a primary with a real streaming replica: it refuses to run without pg_read_all_stats, and with it backs off
 * behind another role's lock waiter and behind a replica whose replay is paused, then goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillThrottlesUnderProductionRolesTest {

    static final String DATABASE = "cutover";
    static final String APP = "cutover_app";
    static final Backfill BACKFILL = Backfill.ofSql("items_note_upper", "items", "id",
            "UPDATE items SET note_upper = upper(note) WHERE id > $from AND id <= $to AND $slice AND note_upper IS NULL");
    // One transaction per range: the health check runs before each range, so every step is checked.
    static final BackfillPacing OPTIONS = BackfillPacing.defaults().withBatchSizes(500, 500, 500).withSlices(1)
            .withHealthLimits(0, Duration.ofMinutes(10), Duration.ofSeconds(1));

    static PostgresPair pair;
    static final ConnectionSource AS_APP = () -> pair.primary(DATABASE, APP);

    @BeforeAll
    static void startPrimaryAndReplicaWithTheProductionRoles() throws Exception {
        Optional<java.nio.file.Path> bin = PostgresPair.binaries();
        if (bin.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test: install PostgreSQL's server package");
        }
        Assumptions.assumeTrue(bin.isPresent(), "no PostgreSQL server binaries with pg_basebackup here");
        pair = PostgresPair.start(bin.get());
        pair.psql("postgres", "-c", "CREATE DATABASE " + DATABASE);
        pair.psql(DATABASE, "-f", Repo.path("infra/postgres/roles.sql").toString());
        try (Connection c = pair.primary(DATABASE, "cutover_migrator"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, note text NOT NULL, note_upper text)");
            s.execute("INSERT INTO items SELECT i, 'note ' || i FROM generate_series(1, 20000) i");
            s.execute("CREATE TABLE audit (id bigint)");
        }
        new BackfillJobs(() -> pair.primary(DATABASE, "cutover_migrator")).start(BACKFILL, OPTIONS);
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void withoutPgReadAllStatsOtherRolesWaitsAreInvisibleAndTheWorkerRefusesNamingTheGrant() throws Exception {
        pair.psql(DATABASE, "-c", "REVOKE pg_read_all_stats FROM " + APP);
        try (LockWaiter waiter = LockWaiter.start()) {
            assertThat(lockWaitersSeenBy("postgres")).isEqualTo(1);
            assertThat(lockWaitersSeenBy(APP)).as("what a blind throttle would read").isZero();

            BackfillWorker worker = new BackfillWorker(BACKFILL, AS_APP, OPTIONS, BackfillListener.NONE);
            assertThatThrownBy(worker::run).isInstanceOf(BlindThrottlesException.class)
                    .hasMessageContaining("GRANT pg_read_all_stats TO cutover_app");
            assertThat(batches()).isZero();
        }
        pair.psql(DATABASE, "-f", Repo.path("infra/postgres/roles.sql").toString());
        try (Connection c = AS_APP.open()) {
            assertThat(BackfillWorker.hiddenSignals(c)).as("roles.sql gives the app role its signals").isEmpty();
        }
    }

    @Test
    @Order(2)
    void theWorkerBacksOffBehindAnotherRolesLockWaiterAndGoesOnAfter() throws Exception {
        BackfillWorker worker = new BackfillWorker(BACKFILL, AS_APP, OPTIONS, BackfillListener.NONE);
        assertThat(worker.step()).isEqualTo(Outcome.BATCH);
        try (LockWaiter waiter = LockWaiter.start()) {
            long before = batches();
            for (int i = 0; i < 3; i++) {
                assertThat(worker.step()).isEqualTo(Outcome.THROTTLED);
            }
            assertThat(throttle()).hasValue("1 session(s) waiting on locks");
            assertThat(batches()).isEqualTo(before);
        }
        assertThat(worker.step()).isEqualTo(Outcome.BATCH);
    }

    @Test
    @Order(3)
    void theWorkerBacksOffWhileTheReplicaReplaysNothingAndGoesOnWhenItCatchesUp() throws Exception {
        BackfillWorker worker = new BackfillWorker(BACKFILL, AS_APP, OPTIONS, BackfillListener.NONE);
        AtomicBoolean writing = new AtomicBoolean(true);
        // Other clients keep writing, as in production: lag is measured on WAL the replica has not replayed.
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            try (Connection c = pair.primary(DATABASE, "postgres"); Statement s = c.createStatement()) {
                while (writing.get()) {
                    s.execute("INSERT INTO audit VALUES (1)");
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            try (Connection replica = pair.replica(DATABASE, "postgres"); Statement s = replica.createStatement()) {
                s.execute("SELECT pg_wal_replay_pause()");
                awaitTrue("the replica's replay lag passes 1 s", () -> replayLagSeconds() > 1.5);
                long before = batches();
                for (int i = 0; i < 3; i++) {
                    assertThat(worker.step()).isEqualTo(Outcome.THROTTLED);
                }
                assertThat(throttle()).hasValueSatisfying(reason -> assertThat(reason).startsWith("replication lag"));
                assertThat(batches()).as("no batch while replay is paused").isEqualTo(before);
                s.execute("SELECT pg_wal_replay_resume()");
            }
            awaitTrue("the worker goes on once the replica catches up", () -> step(worker) == Outcome.BATCH);
        } finally {
            writing.set(false);
            writes.join();
        }
        assertThat(worker.run().state()).isEqualTo(JobState.COMPLETED);
        try (Connection c = pair.primary(DATABASE, "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items WHERE note_upper IS DISTINCT FROM upper(note)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("wrong rows").isZero();
        }
    }

    /** A session of another role holding {@code audit}, and one of a third role queued behind it. */
    record LockWaiter(Connection holder, CompletableFuture<Void> waiting) implements AutoCloseable {

        static LockWaiter start() throws Exception {
            Connection holder = pair.primary(DATABASE, "postgres");
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (Connection c = pair.primary(DATABASE, "cutover_readonly"); Statement s = c.createStatement()) {
                    s.execute("SELECT count(*) FROM audit");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            LockWaiter waiter = new LockWaiter(holder, waiting);
            awaitTrue("the reader queues behind the lock", () -> lockWaitersSeenBy("postgres") == 1);
            return waiter;
        }

        @Override
        public void close() throws SQLException {
            holder.rollback();
            holder.close();
            waiting.join();
        }
    }

    static long lockWaitersSeenBy(String role) {
        return query(role, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'");
    }

    static double replayLagSeconds() {
        try (Connection c = pair.primary(DATABASE, "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(extract(epoch FROM max(replay_lag)), 0) FROM pg_stat_replication")) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long batches() throws SQLException {
        return new BackfillJobs(AS_APP).get(BACKFILL.name()).orElseThrow().batches();
    }

    static Optional<String> throttle() throws SQLException {
        return new BackfillJobs(AS_APP).get(BACKFILL.name()).orElseThrow().throttle();
    }

    static Outcome step(BackfillWorker worker) {
        try {
            return worker.step();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long query(String role, String sql) {
        try (Connection c = pair.primary(DATABASE, role); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

}
