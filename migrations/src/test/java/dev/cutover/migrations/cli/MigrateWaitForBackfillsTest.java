package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillListener;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.BackfillWorker;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover migrate --wait-for-backfills}: at a gate whose table is too large to backfill inline, the backfill is
 * left to workers (here one in a thread, as the service runs them), waited for and migrated past; without workers the
 * run stops at the gate after the bound, says where the schema is, and a later run continues.
 */
class MigrateWaitForBackfillsTest {

    private static final String BACKFILL = "users_email_normalized";

    private final ScratchDatabase db = ScratchDatabase.create("cli_wait_backfill");
    private final String[] connection = {"--url", db.url(), "--user", db.user(), "--password", db.password()};

    @BeforeEach
    void usersAtVersion1() throws Exception {
        assertThat(CliRun.of(args("migrate", "--target", "1")).exitCode()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password) "
                    + "SELECT gen_random_uuid(), ' User' || g || '@Example.com', 'x' FROM generate_series(1, 300) g");
        }
    }

    @Test
    void leavesTheBackfillToTheWorkersWaitsForItAndMigratesToTheEnd() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<BackfillStatus> worker = CompletableFuture.supplyAsync(() -> runWhenStarted(stop));
        try {
            CliRun run = CliRun.of(args("migrate", "--inline-backfill-below", "100", "--wait-for-backfills", "60s",
                    "--format", "json"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new ObjectMapper().readTree(run.out()).path("status").asText()).isEqualTo("ok");
            assertThat(run.err()).contains("backfill " + BACKFILL + " is running for the service's backfill workers",
                    "waiting for backfill " + BACKFILL + " (schema at version 3): running", "waited", "of 1m00s",
                    "backfill " + BACKFILL + " completed after waiting");
            assertThat(worker.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.COMPLETED);
        } finally {
            stop.set(true);
        }
        assertThat(count("SELECT count(*) FROM users WHERE email_normalized = lower(btrim(email))")).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
    }

    @Test
    void withoutWorkersStopsAtTheGateAfterTheBoundAndALaterRunContinues() throws Exception {
        CliRun run = CliRun.of(args("migrate", "--inline-backfill-below", "100", "--wait-for-backfills", "2s",
                "--format", "json"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.path("status").asText()).isEqualTo("waiting_for_backfill");
        assertThat(doc.path("schema_version").asText()).isEqualTo("3");
        assertThat(doc.path("backfill").path("name").asText()).isEqualTo(BACKFILL);
        assertThat(doc.path("backfill").path("status").asText()).as("left running for the workers").isEqualTo("running");
        assertThat(doc.path("error").asText()).contains("V4", "after waiting 2.0s (--wait-for-backfills)");
        assertThat(run.err()).contains("[stopped at the gate of backfill " + BACKFILL
                + "; schema at version 3, safe to serve; migrate again to continue]");

        // A worker completes it later; the next run finds it completed and goes on from V4.
        new BackfillWorker(Backfills.require(BACKFILL), db::connect, BackfillPacing.defaults(), BackfillListener.NONE)
                .run();
        CliRun again = CliRun.of(args("migrate", "--inline-backfill-below", "100", "--wait-for-backfills", "2s"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("V4").doesNotContain("V3 ");
    }

    @Test
    void aFailedBackfillStopsTheWaitAtOnceSayingHowToResumeIt() throws Exception {
        assertThat(CliRun.of(args("migrate", "--target", "3")).exitCode()).isZero();
        BackfillJobs jobs = new BackfillJobs(db::connect);
        jobs.start(Backfills.require(BACKFILL), BackfillPacing.defaults());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE cutover.backfill_jobs SET status = 'failed', last_error = 'disk full' WHERE name = '"
                    + BACKFILL + "'");
        }

        long start = System.nanoTime();
        CliRun run = CliRun.of(args("migrate", "--inline-backfill-below", "100", "--wait-for-backfills", "10m"));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
        assertThat(run.err()).contains("backfill " + BACKFILL + " is failed (disk full)",
                "cutover backfill resume " + BACKFILL);
    }

    @Test
    void aNegativeBoundIsRefused() {
        CliRun run = CliRun.of(args("migrate", "--wait-for-backfills", "-1s"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("-1");
    }

    /** One worker as the service runs it: it waits for the job to be running, then runs it to its end. */
    private BackfillStatus runWhenStarted(AtomicBoolean stop) {
        try {
            BackfillJobs jobs = new BackfillJobs(db::connect);
            while (!stop.get()) {
                Optional<BackfillStatus> job = jobs.get(BACKFILL);
                if (job.isPresent() && job.get().state() == JobState.RUNNING) {
                    return new BackfillWorker(Backfills.require(BACKFILL), db::connect, BackfillPacing.defaults(),
                            BackfillListener.NONE).run();
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the job never became running");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String[] args(String... command) {
        String[] all = new String[command.length + connection.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(connection, 0, all, command.length, connection.length);
        return all;
    }
}
