package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HeapReuseTest {

    @Test
    void vacuumBetweenBatchesLetsLaterBatchesReuseTheSpace() throws Exception {
        List<Long> vacuumsWithout = new CopyOnWriteArrayList<>();
        List<Long> vacuumsWith = new CopyOnWriteArrayList<>();
        double without = heapGrowth("backfill_heap_plain", 0, vacuumsWithout);
        double with = heapGrowth("backfill_heap_vacuum", 2, vacuumsWith);

        // Every row rewritten onto new pages doubles the heap; with VACUUM every 2 batches of 1,000 of 20,000 rows,
        // the later batches fill the pages the earlier ones freed.
        assertThat(without).isGreaterThan(0.8);
        assertThat(with).isLessThan(0.6);
        // Each VACUUM is reported with its duration (the service turns it into a metric).
        assertThat(vacuumsWithout).isEmpty();
        assertThat(vacuumsWith).hasSizeGreaterThanOrEqualTo(2).allSatisfy(ms -> assertThat(ms).isNotNegative());
    }

    private static double heapGrowth(String purpose, int vacuumEvery, List<Long> vacuums) throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2(purpose, 20_000);
        // Autovacuum off, so only the worker's own VACUUM (or none) frees space during the run.
        UsersTable.execute(db, "ALTER TABLE users SET (autovacuum_enabled = false)");
        UsersTable.execute(db, "VACUUM ANALYZE users");
        long before = UsersTable.count(db, "SELECT pg_relation_size('users')");
        BackfillPacing options = BackfillPacing.defaults().withBatchSizes(1_000, 1_000, 1_000)
                .withVacuumEvery(vacuumEvery).withSlices(1)
                // Pauses between batches, so each VACUUM (which runs beside the batches) ends in time.
                .withDutyCycle(0.3);
        new BackfillJobs(db::connect).start(Backfills.USERS_EMAIL_NORMALIZED, options);
        BackfillListener listener = new BackfillListener() {
            @Override
            public void vacuumed(String name, long millis) {
                vacuums.add(millis);
            }
        };
        BackfillStatus end = new BackfillWorker(Backfills.USERS_EMAIL_NORMALIZED, db::connect, options, listener).run();
        assertThat(end.rowsDone()).isEqualTo(20_000);
        long after = UsersTable.count(db, "SELECT pg_relation_size('users')");
        return (double) after / before - 1;
    }
}
