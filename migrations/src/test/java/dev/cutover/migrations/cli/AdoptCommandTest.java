package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.migrations.testing.TemplateFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cutover adopt}: what --check says, what it refuses (changing nothing), and a resumption after a kill. */
class AdoptCommandTest {

    @Test
    void checkRecognisesTheTemplatesHeadAndChangesNothing() throws Exception {
        ScratchDatabase db = template("adopt_check");

        CliRun run = CliRun.of(args(db, "adopt", "--check", "--format", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.path("status").asText()).isEqualTo("adoptable");
        assertThat(doc.path("stage").asText()).isEqualTo("template");
        assertThat(doc.path("revision").asText()).isEqualTo("fe56fa70289e");
        assertUnchanged(db);
    }

    @Test
    void anUnknownRevisionIsRefusedWithItsNameAndNothingChanges() throws Exception {
        ScratchDatabase db = template("adopt_unknown");
        execute(db, "UPDATE alembic_version SET version_num = '0badc0ffee00'");

        CliRun check = CliRun.of(args(db, "adopt", "--check"));
        CliRun adopt = CliRun.of(args(db, "adopt"));

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("alembic_version is 0badc0ffee00: not a revision Cutover knows");
        assertThat(adopt.exitCode()).isEqualTo(1);
        assertThat(adopt.err()).contains("not adoptable: alembic_version is 0badc0ffee00");
        assertUnchanged(db);
    }

    @Test
    void aDriftedColumnAndAnEarlierRevisionAreNamed() throws Exception {
        ScratchDatabase db = template("adopt_drift");
        execute(db, "ALTER TABLE \"user\" ALTER COLUMN full_name TYPE text");
        execute(db, "ALTER TABLE item ADD COLUMN priority int");

        CliRun drift = CliRun.of(args(db, "adopt", "--check", "--format", "json"));
        execute(db, "UPDATE alembic_version SET version_num = '1a31ce608336'");
        CliRun earlier = CliRun.of(args(db, "adopt", "--check"));
        CliRun adopt = CliRun.of(args(db, "adopt"));

        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(drift.out()).path("differences").toString())
                .contains("column user.full_name is text NULL, revision fe56fa70289e has character varying(255) NULL")
                .contains("column item.priority (integer NULL) is not in revision fe56fa70289e");
        assertThat(earlier.out()).contains("alembic_version is 1a31ce608336, an earlier revision of the template");
        assertThat(adopt.exitCode()).isEqualTo(1);
        assertUnchanged(db);
    }

    @Test
    void emailsThatOnlyDifferInCaseAreNamedRowByRow() throws Exception {
        ScratchDatabase db = template("adopt_duplicates");
        execute(db, "INSERT INTO \"user\" (email, is_active, is_superuser, hashed_password, id) VALUES "
                + "('Ann@example.com', true, false, 'x', '00000000-0000-0000-0000-00000000000a'), "
                + "('ann@example.com', true, false, 'x', '00000000-0000-0000-0000-00000000000b'), "
                + "('bob@example.com', true, false, 'x', '00000000-0000-0000-0000-00000000000c')");

        CliRun check = CliRun.of(args(db, "adopt", "--check"));

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("ann@example.com is held by 00000000-0000-0000-0000-00000000000a 'Ann@example.com', "
                + "00000000-0000-0000-0000-00000000000b 'ann@example.com'").doesNotContain("bob@");
        assertUnchanged(db);
    }

    /**
     * Stops at the backfill gate (the default --backfills require), then is killed while a step waits behind a
     * blocker; each time the old service's tables still answer, and the next run carries on to the end.
     */
    @Test
    void resumesAfterStoppingAtABackfillAndAfterBeingKilledMidStep() throws Exception {
        ScratchDatabase db = template("adopt_resume");
        execute(db, "INSERT INTO \"user\" (email, is_active, is_superuser, hashed_password, id) "
                + "SELECT 'u' || g || '@example.com', true, false, 'x', gen_random_uuid() FROM generate_series(1, 300) g");

        CliRun gated = CliRun.of(args(db, "adopt", "--format", "json"));
        assertThat(gated.exitCode()).isEqualTo(1);
        assertThat(gated.err()).contains("backfill users_created_at").contains("cutover backfill start users_created_at");
        assertThat(scalar(db, "SELECT string_agg(version, ',' ORDER BY installed_rank) FROM cutover_adopt_history "
                + "WHERE success")).isEqualTo("0,1,2");
        assertThat(scalar(db, "SELECT count(*) FROM \"user\"")).isEqualTo("300");

        for (String backfill : List.of("users_created_at", "items_created_at")) {
            assertThat(CliRun.of(args(db, "backfill", "start", backfill, "--no-progress")).exitCode()).isZero();
        }
        try (Connection blocker = db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("SELECT count(*) FROM items");
            Process cli = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CutoverCli.class.getName(), "adopt",
                    "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(),
                    "--blockers", "ignore", "--lock-timeout", "60s"))
                    .redirectErrorStream(true).redirectOutput(Files.createTempFile("adopt", ".log").toFile()).start();
            try {
                awaitMigrationWaitingForALock(db);
            } finally {
                cli.destroyForcibly().waitFor();
            }
            // The killed run's backend waits on, as PostgreSQL notices a lost client only when it next talks to it.
            execute(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cutover-migrate'"
                    + " AND datname = current_database()");
            blocker.rollback();
        }
        assertThat(scalar(db, "SELECT max(version::int) FROM cutover_adopt_history WHERE success")).isEqualTo("2");
        assertThat(scalar(db, "SELECT count(*) FROM \"user\" WHERE created_at IS NOT NULL")).isEqualTo("300");

        CliRun resumed = CliRun.of(args(db, "adopt", "--backfills", "run", "--format", "json"));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(resumed.out());
        assertThat(doc.path("adopt_applied").findValuesAsText("version")).containsExactly("3", "4", "5", "6");
        assertThat(doc.path("applied").findValuesAsText("version")).contains("2", "7");
        CliRun again = CliRun.of(args(db, "adopt"));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("Nothing to do: adopted from revision fe56fa70289e");
        assertThat(CliRun.of(args(db, "adopt", "--contract")).err()).contains("run it again with --confirm");
        assertThat(CliRun.of(args(db, "adopt", "--contract", "--confirm")).exitCode()).isZero();
        assertThat(scalar(db, "SELECT to_regclass('\"user\"')")).isNull();
    }

    /** Like {@code migrate}: the guard's defaults come from cutover.properties, and a contract step waits first. */
    @Test
    void takesTheGuardFromTheConfigFileAndWaitsTheContractWaitForAConnectedService() throws Exception {
        ScratchDatabase db = template("adopt_settings");
        Path config = Files.writeString(Files.createTempDirectory("adopt").resolve("cutover.properties"),
                "guard.lock-timeout = 250ms\n");
        try (Connection service = db.connect(); Statement s = service.createStatement()) {
            s.execute("SET application_name = 'cutover-service'");

            CliRun run = CliRun.of(args(db, "adopt", "--backfills", "run", "--config", config.toString(),
                    "--contract-wait", "1s", "--format", "json"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode events = new ObjectMapper().readTree(run.out()).path("events");
            assertThat(events.toString()).contains("lock_timeout 250ms").doesNotContain("lock_timeout 100ms")
                    .contains("waiting 1.0s so connected services see that step first (cutover-service (1))");
            assertThat(events.findValuesAsText("kind")).containsOnlyOnce("contract_wait");
        }
    }

    /** Waits until the adopt process's migration session is queued for a lock (its step is mid-way). */
    private static void awaitMigrationWaitingForALock(ScratchDatabase db) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!"0".equals(scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'cutover-migrate' AND wait_event_type = 'Lock'"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the adopt process never waited for the blocker");
    }

    private static void assertUnchanged(ScratchDatabase db) throws SQLException {
        assertThat(scalar(db, "SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class "
                + "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')"))
                .isEqualTo("alembic_version:r,item:r,user:r");
    }

    private static ScratchDatabase template(String purpose) throws Exception {
        ScratchDatabase db = ScratchDatabase.create(purpose);
        execute(db, TemplateFixture.sql());
        return db;
    }

    private static String[] args(ScratchDatabase db, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of("--url", db.url(), "--user", db.user(), "--password", db.password()));
        return all.toArray(String[]::new);
    }

    private static void execute(ScratchDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String scalar(ScratchDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
