package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BatchTuningTest {

    /** Records the worker's reports. */
    static final class Recorder implements BackfillListener {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();
        final List<Long> millis = new CopyOnWriteArrayList<>();
        final List<Integer> sizesAfterFailure = new CopyOnWriteArrayList<>();
        final List<String> throttles = new CopyOnWriteArrayList<>();

        @Override
        public void batchCommitted(String name, long keys, long rows, long ms, int batchSize) {
            sizes.add(batchSize);
            millis.add(ms);
        }

        @Override
        public void batchFailed(String name, String error, int nextBatchSize) {
            sizesAfterFailure.add(nextBatchSize);
        }

        @Override
        public void throttled(String name, String reason) {
            throttles.add(String.valueOf(reason));
        }
    }

    @Test
    void slowRowsShrinkTheBatchTowardTheTargetDuration() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_tuning", 3_000);
        // Every row costs 1 ms to update: 1,000-row batches take a second, five times the 200 ms target.
        slowUpdates(db, 0.001);
        Recorder recorder = new Recorder();
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(1_000, 20, 5_000).withVacuumEvery(0)
                .withSlices(1);

        BackfillStatus end = run(db, options, recorder);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(recorder.sizes.get(0)).isEqualTo(1_000);
        assertThat(recorder.sizes.get(1)).as("halved at most per step").isEqualTo(500);
        // pg_sleep sleeps a little longer than asked, so the size settles below 200 rows; the duration is the target.
        assertThat(recorder.sizes.subList(3, recorder.sizes.size())).as("settled well below the first size")
                .allSatisfy(size -> assertThat(size).isBetween(20, 250));
        List<Long> settled = recorder.millis.subList(recorder.millis.size() - 5, recorder.millis.size());
        assertThat(settled.stream().mapToLong(Long::longValue).average().orElseThrow()).as("batch duration, ms")
                .isBetween(100.0, 400.0);
    }

    @Test
    void fastBatchesGrowUpToTheMaximum() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_growth", 20_000);
        Recorder recorder = new Recorder();

        run(db, BackfillPacing.defaults().withBatchSizes(100, 100, 3_000).withSlices(1), recorder);

        assertThat(recorder.sizes.get(1)).isEqualTo(200);
        assertThat(recorder.sizes).contains(3_000).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3_000));
    }

    @Test
    void aSlicedRangeIsTunedOnceFromItsSlowestSlice() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_tuning_slices", 6_000);
        slowUpdates(db, 0.001);
        Recorder recorder = new Recorder();
        // 4 slices: the first changes 2 of 5 shares of the range's rows (800 ms for 2,000 keys), the others 1 share.
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(2_000, 100, 20_000).withSlices(4)
                .withVacuumEvery(0);

        BackfillStatus end = run(db, options, recorder);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(UsersTable.wrongRows(db)).isZero();
        assertThat(recorder.sizes.subList(0, 4)).as("one size for the whole first range").containsOnly(2_000);
        assertThat(recorder.sizes.subList(4, 8)).as("halved after it, at most").containsOnly(1_000);
        assertThat(recorder.millis.get(0)).as("the first slice is the slowest").isGreaterThan(recorder.millis.get(1));
    }

    @Test
    void aBatchThatTimesOutIsRetriedAtHalfSize() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_timeout", 2_000);
        slowUpdates(db, 0.001);
        Recorder recorder = new Recorder();
        // 1,600 rows need 1.6 s; the statement timeout of 700 ms cancels them, 800 and 400 too, 200 fit.
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(1_600, 50, 1_600).withSlices(1)
                .withTargetBatch(Duration.ofMillis(250))
                .withTimeouts(Duration.ofMillis(100), Duration.ofMillis(700)).withVacuumEvery(0);

        BackfillStatus end = run(db, options, recorder);

        assertThat(recorder.sizesAfterFailure).startsWith(800, 400);
        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(UsersTable.wrongRows(db)).isZero();
        assertThat(end.keysScanned()).isEqualTo(2_000);
    }

    @Test
    void aJobWhoseBatchesKeepFailingEndsFailedWithTheError() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_failing", 100);
        Backfills.register(Backfill.ofSql("users_broken", "users", "id",
                "UPDATE users SET full_name = 1 / (length(email) - length(email)) WHERE id > $from AND id <= $to"));
        BackfillPacing options = BackfillPacing.defaults().withMaxAttempts(3);
        new BackfillJobs(db::connect).start(Backfills.require("users_broken"), options);

        BackfillStatus end = new BackfillWorker(Backfills.require("users_broken"), db::connect, options,
                BackfillListener.NONE).run();

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.attempts()).isEqualTo(3);
        assertThat(end.lastError()).hasValueSatisfying(e -> assertThat(e).contains("division by zero"));
        assertThat(end.keysScanned()).isZero();
    }

    static void slowUpdates(ScratchDatabase db, double secondsPerRow) throws SQLException {
        UsersTable.execute(db, "CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
                + secondsPerRow + "); RETURN NEW; END $$; "
                + "CREATE TRIGGER slow_row BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION slow_row()");
    }

    static BackfillStatus run(ScratchDatabase db, BackfillPacing options, BackfillListener listener)
            throws SQLException {
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        new BackfillJobs(db::connect).start(backfill, options);
        return new BackfillWorker(backfill, db::connect, options, listener).run();
    }
}
