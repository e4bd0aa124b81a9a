package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a foreground {@code cutover backfill start}, in a JVM of its own: the job is paused, not left running. */
@Timeout(90)
class BackfillInterruptTest {

    @Test
    void anInterruptedForegroundBackfillIsPausedAfterItsBatchInFlight(@TempDir Path dir) throws Exception {
        ScratchDatabase db = ScratchDatabase.create("backfill_interrupt");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).target("2").load().migrate();
        execute(db, "INSERT INTO users (id, email, hashed_password) SELECT gen_random_uuid(), 'U' || i || '@x.org', 'h' "
                + "FROM generate_series(1, 3000) i");
        Process cli = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CutoverCli.class.getName(),
                "backfill", "start", "users_email_normalized", "--url", db.url(), "--user", db.user(),
                "--password", db.password(), "--no-progress", "--batch-size", "10", "--min-batch-size", "10",
                "--max-batch-size", "10", "--duty-cycle", "0.1")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli.log").toFile()).start();
        try {
            while (batches(db) < 3) {
                assertThat(cli.isAlive()).as("the CLI still runs").isTrue();
                Thread.sleep(100);
            }
            cli.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("cli.log"))).contains("paused after the batch in flight");
        } finally {
            cli.destroyForcibly();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, batches, keys_scanned FROM cutover.backfill_jobs")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("paused");
            assertThat(rs.getLong(2)).as("batches done").isGreaterThanOrEqualTo(3);
            assertThat(rs.getLong(3)).as("keys covered").isLessThan(3000);
        }
    }

    private static long batches(ScratchDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce((SELECT batches FROM cutover.backfill_jobs), 0)")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    private static void execute(ScratchDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
