package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlicedBackfillTest {

    private static final BackfillPacing OPTIONS = BackfillPacing.defaults().withBatchSizes(4_000, 4_000, 4_000)
            .withVacuumEvery(0);

    @Test
    void eachShareHasItsSliceAndTheLastSliceTakesThemAll() {
        for (int slices = 1; slices <= 12; slices++) {
            int[] covered = new int[slices + 1];
            for (int slice = 0; slice < slices - 1; slice++) {
                KeyRange range = new KeyRange("a", "b", slice, slices);
                IntStream.rangeClosed(range.shareLow(), range.shareHigh()).forEach(share -> covered[share]++);
            }
            // Before the last slice every share but the highest has exactly one slice; the last one takes them all.
            for (int share = 0; share <= slices; share++) {
                assertThat(covered[share]).as("share %d of %d slices", share, slices)
                        .isEqualTo(share < slices && slices > 1 ? 1 : 0);
            }
            KeyRange last = new KeyRange("a", "b", slices - 1, slices);
            assertThat(last.shares()).isEqualTo(slices + 1);
            assertThat(last.shareLow()).isZero();
            assertThat(last.shareHigh()).isEqualTo(slices);
        }
    }

    @Test
    void slicedRangesKeepMostRowsOnTheirPageAndTheIndexesAsTheyWere() throws Exception {
        Growth whole = growth("backfill_slices_1", OPTIONS.withSlices(1));
        Growth sliced = growth("backfill_slices_8", OPTIONS.withSlices(8));

        // In one transaction per range every row moves to another page: the heap nearly doubles, and each index gets
        // an entry per row. In 8 slices only about the first slice's share (2/9) and a few more move.
        assertThat(whole.heap).isGreaterThan(0.8);
        assertThat(whole.indexes).isGreaterThan(0.5);
        assertThat(sliced.heap).isLessThan(0.45);
        assertThat(sliced.indexes).isLessThan(whole.indexes / 2);
    }

    @Test
    void aSecondWorkerContinuesTheSlicesOfARangeTheFirstLeft() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_slices_resume", 10_000);
        BackfillPacing options = OPTIONS.withSlices(8);
        new BackfillJobs(db::connect).start(Backfills.USERS_EMAIL_NORMALIZED, options);
        AtomicInteger transactions = new AtomicInteger();
        BackfillWorker[] first = new BackfillWorker[1];
        first[0] = new BackfillWorker(Backfills.USERS_EMAIL_NORMALIZED, db::connect, options, new BackfillListener() {
            @Override
            public void batchCommitted(String name, long keys, long rows, long millis, int batchSize) {
                // Stops in the middle of the first range: three of its eight slices committed.
                if (transactions.incrementAndGet() == 3) {
                    first[0].requestStop();
                }
            }
        });

        BackfillStatus stopped = first[0].run();

        assertThat(stopped.state()).isEqualTo(JobState.RUNNING);
        assertThat(stopped.cursor()).as("the cursor moves after a range's last slice only").isEmpty();
        assertThat(stopped.keysScanned()).isZero();
        assertThat(stopped.rowsDone()).isBetween(1L, 3_999L);
        assertThat(UsersTable.count(db, "SELECT slice FROM cutover.backfill_jobs")).isEqualTo(3);
        // The application updates every row not yet done (no trigger fires for full_name): each gets a new line
        // pointer, so some land in shares whose slices have already run; the last slice of the range catches them.
        UsersTable.execute(db, "UPDATE users SET full_name = 'moved' WHERE email_normalized IS NULL");

        BackfillStatus end = new BackfillWorker(Backfills.USERS_EMAIL_NORMALIZED, db::connect, options,
                BackfillListener.NONE).run();

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(UsersTable.wrongRows(db)).isZero();
        assertThat(end.rowsDone()).as("every row changed once").isEqualTo(10_000);
        assertThat(end.keysScanned()).isEqualTo(10_000);
        assertThat(end.batches()).as("3 ranges of 4,000 keys, 8 slices each").isEqualTo(24);
    }

    private record Growth(double heap, double indexes) {
    }

    private static Growth growth(String purpose, BackfillPacing options) throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2(purpose, 20_000);
        // Full pages, as on a table that has lived a while; no autovacuum to free space during the run.
        UsersTable.execute(db, "ALTER TABLE users SET (autovacuum_enabled = false)");
        UsersTable.execute(db, "VACUUM FULL users");
        long heap = UsersTable.count(db, "SELECT pg_relation_size('users')");
        long indexes = UsersTable.count(db, "SELECT pg_indexes_size('users')");

        BackfillStatus end = Backfills.runToCompletion("users_email_normalized", db::connect, options);

        assertThat(end.rowsDone()).isEqualTo(20_000);
        assertThat(UsersTable.wrongRows(db)).isZero();
        return new Growth((double) UsersTable.count(db, "SELECT pg_relation_size('users')") / heap - 1,
                (double) UsersTable.count(db, "SELECT pg_indexes_size('users')") / indexes - 1);
    }
}
