package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobControlTest {

    /** 50-row batches at a 20% duty cycle: slow enough to be paused or cancelled mid-run. */
    /** One transaction per range, so keys move with every batch; the resume runs sliced (the default). */
    private static final BackfillPacing SLOW = BackfillPacing.defaults().withBatchSizes(50, 50, 50).withDutyCycle(0.2)
            .withSlices(1);

    @Test
    void pauseStopsTheWorkerAtItsNextBatchAndResumeContinuesFromTheCursor() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_pause", 2_000);
        BackfillJobs jobs = new BackfillJobs(db::connect);
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        jobs.start(backfill, SLOW);
        CompletableFuture<BackfillStatus> run = runAsync(db, backfill, SLOW);
        awaitBatches(jobs, 3);

        jobs.pause(backfill.name());
        BackfillStatus paused = run.get(10, TimeUnit.SECONDS);

        assertThat(paused.state()).isEqualTo(JobState.PAUSED);
        assertThat(paused.keysScanned()).isBetween(150L, 1_950L);
        Thread.sleep(300);
        assertThat(jobs.get(backfill.name()).orElseThrow().keysScanned()).as("no batch while paused")
                .isEqualTo(paused.keysScanned());
        assertThat(UsersTable.wrongRows(db)).isEqualTo(2_000 - paused.rowsDone());

        jobs.resume(backfill.name());
        BackfillStatus end = new BackfillWorker(backfill, db::connect, BackfillPacing.defaults(),
                BackfillListener.NONE).run();

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.keysScanned()).isEqualTo(2_000);
        assertThat(end.rowsDone()).isEqualTo(2_000);
        assertThat(UsersTable.wrongRows(db)).isZero();
    }

    @Test
    void cancelEndsTheJobForGood() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_cancel", 2_000);
        BackfillJobs jobs = new BackfillJobs(db::connect);
        Backfill backfill = Backfills.USERS_EMAIL_NORMALIZED;
        jobs.start(backfill, SLOW);
        CompletableFuture<BackfillStatus> run = runAsync(db, backfill, SLOW);
        awaitBatches(jobs, 2);

        jobs.cancel(backfill.name());
        BackfillStatus cancelled = run.get(10, TimeUnit.SECONDS);

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).isPresent();
        assertThat(UsersTable.wrongRows(db)).isPositive();
        assertThatThrownBy(() -> jobs.pause(backfill.name())).isInstanceOf(IllegalStateException.class)
                .hasMessage("backfill users_email_normalized is cancelled: cannot make it paused");
        assertThatThrownBy(() -> jobs.resume("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no backfill job named nope");
    }

    @Test
    void twoWorkersTakeTurnsAndNeverCoverAKeyTwice() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_two_workers", 5_000);
        UsersTable.execute(db, "CREATE TABLE covered (id uuid PRIMARY KEY, worker int NOT NULL)");
        AtomicInteger[] batches = {new AtomicInteger(), new AtomicInteger()};
        Backfill[] perWorker = new Backfill[2];
        for (int w = 0; w < 2; w++) {
            int worker = w;
            // The primary key of "covered" makes a key covered twice fail the batch, and the job with it.
            perWorker[w] = Backfill.ofFunction("users_covered", "users", "id", (tx, range) -> {
                batches[worker].incrementAndGet();
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO covered SELECT id, ? FROM users "
                        + "WHERE id > ?::uuid AND id <= ?::uuid")) {
                    ps.setInt(1, worker);
                    ps.setString(2, range.from());
                    ps.setString(3, range.to());
                    return ps.executeUpdate();
                }
            });
        }
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(100, 100, 100).withDutyCycle(0.5)
                .withMaxAttempts(1);
        new BackfillJobs(db::connect).start(perWorker[0], options);

        CompletableFuture<BackfillStatus> first = runAsync(db, perWorker[0], options);
        CompletableFuture<BackfillStatus> second = runAsync(db, perWorker[1], options);
        BackfillStatus end = first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(batches[0].get()).isPositive();
        assertThat(batches[1].get()).isPositive();
        assertThat(batches[0].get() + batches[1].get()).isEqualTo(50);
        assertThat(end.batches()).isEqualTo(50);
        assertThat(end.keysScanned()).isEqualTo(5_000);
        assertThat(UsersTable.count(db, "SELECT count(*) FROM covered")).isEqualTo(5_000);
    }

    static CompletableFuture<BackfillStatus> runAsync(ScratchDatabase db, Backfill backfill, BackfillPacing options) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new BackfillWorker(backfill, db::connect, options, BackfillListener.NONE).run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void awaitBatches(BackfillJobs jobs, long batches) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (jobs.get(Backfills.USERS_EMAIL_NORMALIZED.name()).map(BackfillStatus::batches).orElse(0L) >= batches) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the worker did not run " + batches + " batches");
    }
}
