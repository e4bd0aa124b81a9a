package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void aSessionWaitingOnALockStopsTheBatchesUntilItClears() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_throttle_lock", 500);
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(100, 100, 100);
        BackfillJobs jobs = new BackfillJobs(db::connect);
        jobs.start(backfill, options);
        BatchTuningTest.Recorder recorder = new BatchTuningTest.Recorder();
        BackfillWorker worker = new BackfillWorker(backfill, db::connect, options, recorder);

        try (Connection holder = db.connect(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            hold.execute("LOCK TABLE users IN SHARE MODE");
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    UsersTable.execute(db, "UPDATE users SET full_name = 'waited' WHERE id = (SELECT id FROM users ORDER BY id LIMIT 1)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWaiter(db);

            assertThat(worker.step()).isEqualTo(BackfillWorker.Outcome.THROTTLED);
            assertThat(worker.step()).isEqualTo(BackfillWorker.Outcome.THROTTLED);
            BackfillStatus throttled = jobs.get(backfill.name()).orElseThrow();
            assertThat(throttled.throttle()).hasValue("1 session(s) waiting on locks");
            assertThat(throttled.batches()).isZero();
            assertThat(recorder.throttles).containsExactly("1 session(s) waiting on locks");

            holder.rollback();
            waiter.join();
        }

        assertThat(worker.step()).isEqualTo(BackfillWorker.Outcome.BATCH);
        BackfillStatus after = jobs.get(backfill.name()).orElseThrow();
        assertThat(after.throttle()).isEmpty();
        assertThat(after.batches()).isEqualTo(1);
        assertThat(recorder.throttles).containsExactly("1 session(s) waiting on locks", "null");
    }

    @Test
    void aLongTransactionHoldingBackVacuumThrottles() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_throttle_xact", 100);
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        BackfillPacing options = BackfillPacing.defaults()
                .withHealthLimits(0, Duration.ofMillis(500), Duration.ofSeconds(10));
        new BackfillJobs(db::connect).start(backfill, options);
        BackfillWorker worker = new BackfillWorker(backfill, db::connect, options, BackfillListener.NONE);

        try (Connection old = db.connect(); Statement s = old.createStatement()) {
            old.setAutoCommit(false);
            s.execute("SELECT txid_current()");
            Thread.sleep(700);

            assertThat(worker.step()).isEqualTo(BackfillWorker.Outcome.THROTTLED);
            assertThat(new BackfillJobs(db::connect).get(backfill.name()).orElseThrow().throttle())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("holds back vacuum"));
            old.rollback();
        }
        assertThat(worker.step()).isEqualTo(BackfillWorker.Outcome.BATCH);
    }

    /**
     * A role without pg_read_all_stats sees other roles' sessions with NULL wait events, so a lock waiter would read
     * as none: its worker refuses to run, naming the grant, and runs once the grant is made. A migration's inline run
     * (a database's owner migrating a small table) still runs.
     */
    @Test
    void aWorkerWhoseRoleCannotSeeOtherSessionsRefusesToRunAndNamesTheGrant() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_throttle_blind", 300);
        String role = "blind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = UUID.randomUUID().toString();
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(100, 100, 100);
        try {
            UsersTable.execute(db, "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            UsersTable.execute(db, "GRANT USAGE, CREATE ON SCHEMA public TO " + role);
            UsersTable.execute(db, "GRANT SELECT, UPDATE ON users TO " + role);
            BackfillJobs jobs = new BackfillJobs(db::connect);
            jobs.start(backfill, options);
            UsersTable.execute(db, "GRANT USAGE ON SCHEMA cutover TO " + role);
            UsersTable.execute(db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA cutover TO " + role);
            ConnectionSource asRole = () -> connectAs(db, role, password);

            BackfillWorker blind = new BackfillWorker(backfill, asRole, options, BackfillListener.NONE);
            assertThatThrownBy(blind::run).isInstanceOf(BlindThrottlesException.class)
                    .hasMessageContaining("role " + role + " cannot see other roles' sessions")
                    .hasMessageContaining("GRANT pg_read_all_stats TO " + role);
            try (Connection c = asRole.open()) {
                assertThat(BackfillWorker.hiddenSignals(c)).isPresent();
            }
            assertThat(jobs.get(backfill.name()).orElseThrow().batches()).as("nothing ran blind").isZero();

            UsersTable.execute(db, "GRANT pg_read_all_stats TO " + role);
            try (Connection c = asRole.open()) {
                assertThat(BackfillWorker.hiddenSignals(c)).isEmpty();
            }
            assertThat(new BackfillWorker(backfill, asRole, options, BackfillListener.NONE).run().state())
                    .isEqualTo(JobState.COMPLETED);

            UsersTable.execute(db, "REVOKE pg_read_all_stats FROM " + role);
            UsersTable.execute(db, "DELETE FROM cutover.backfill_jobs");
            assertThat(Backfills.runToCompletion(backfill.name(), asRole, options).state())
                    .as("a migration's inline run").isEqualTo(JobState.COMPLETED);
        } finally {
            UsersTable.execute(db, "DROP OWNED BY " + role);
            UsersTable.execute(db, "DROP ROLE IF EXISTS " + role);
        }
    }

    private static Connection connectAs(ScratchDatabase db, String role, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        props.setProperty("password", password);
        return new org.postgresql.Driver().connect(db.jdbcUrl(), props);
    }

    private static void awaitLockWaiter(ScratchDatabase db) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (UsersTable.count(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the UPDATE never queued behind the lock");
    }
}
