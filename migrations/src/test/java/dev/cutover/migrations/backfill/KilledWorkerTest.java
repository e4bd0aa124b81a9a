package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.cli.CutoverCli;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledWorkerTest {

    private static final String ACTIVE_BATCH = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND state = 'active' AND query LIKE 'UPDATE users SET email_normalized%'";

    @Test
    void aWorkerKilledMidBatchLosesNothingAndCountsNothingTwice(@TempDir Path logs) throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_killed", 3_000);
        // 3 ms per row: a 40-row batch runs for over 100 ms, so the kill lands inside one.
        BatchTuningTest.slowUpdates(db, 0.003);
        new BackfillJobs(db::connect).ensureSchema();
        Process cli = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CutoverCli.class.getName(),
                "backfill", "start", "users_email_normalized", "--url", db.jdbcUrl(), "--user", db.user(),
                "--password", db.password(), "--batch-size", "40", "--min-batch-size", "40", "--max-batch-size", "40",
                "--vacuum-every", "0", "--no-progress"))
                .redirectErrorStream(true).redirectOutput(logs.resolve("cli.log").toFile()).start();
        try {
            awaitMidBatch(db, cli, logs.resolve("cli.log").toFile());
            cli.destroyForcibly();
            assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            cli.destroyForcibly();
        }

        BackfillJobs jobs = new BackfillJobs(db::connect);
        BackfillStatus atKill = jobs.get("users_email_normalized").orElseThrow();
        assertThat(atKill.state()).as("nobody marked it stopped").isEqualTo(JobState.RUNNING);
        assertThat(atKill.rowsDone()).isBetween(200L, 2_960L);
        // Keys count per range, rows per slice: the committed slices of the range in flight count their rows only.
        assertThat(atKill.keysScanned()).isBetween(200L, atKill.rowsDone());
        assertThat(UsersTable.wrongRows(db)).as("the batch in flight rolled back").isEqualTo(3_000 - atKill.rowsDone());

        UsersTable.execute(db, "DROP TRIGGER slow_row ON users");
        BackfillStatus end = new BackfillWorker(Backfills.USERS_EMAIL_NORMALIZED, db::connect,
                BackfillPacing.defaults(), BackfillListener.NONE).run();

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.keysScanned()).as("every key covered once").isEqualTo(3_000);
        assertThat(end.rowsDone()).as("every row changed once").isEqualTo(3_000);
        assertThat(UsersTable.wrongRows(db)).isZero();
    }

    /** Waits until the CLI has committed a few batches and is inside the next one. */
    private static void awaitMidBatch(ScratchDatabase db, Process cli, File log) throws Exception {
        for (int i = 0; i < 1_200; i++) {
            if (!cli.isAlive()) {
                throw new AssertionError("the CLI exited early: " + java.nio.file.Files.readString(log.toPath()));
            }
            long done = UsersTable.count(db, "SELECT coalesce(max(keys_scanned), 0) FROM cutover.backfill_jobs");
            if (done >= 200 && UsersTable.count(db, ACTIVE_BATCH) > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the CLI never got going: " + java.nio.file.Files.readString(log.toPath()));
    }
}
