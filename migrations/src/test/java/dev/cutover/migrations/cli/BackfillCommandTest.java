package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackfillCommandTest {

    private static ScratchDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = ScratchDatabase.create("backfill_cli");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).target("1").load().migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password) SELECT gen_random_uuid(), 'U' || i || '@x.org', 'h' "
                    + "FROM generate_series(1, 500) i");
        }
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).target("2").load().migrate();
    }

    @Test
    void detachPauseResumeCancelAndStatusAsJson() throws Exception {
        assertThat(run("start", "users_email_normalized", "--detach").out).contains("is running");
        JsonNode running = new ObjectMapper().readTree(run("status", "users_email_normalized", "--format", "json").out);
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.get("rows_estimated").asLong()).isEqualTo(500);
        assertThat(running.get("percent").asDouble()).isZero();

        assertThat(run("pause", "users_email_normalized").out).contains("is paused");
        assertThat(run("status").out).containsPattern("users_email_normalized +paused");
        assertThat(run("resume", "users_email_normalized").out).contains("is running");
        assertThat(run("cancel", "users_email_normalized").out).contains("is cancelled");

        Result refused = run("pause", "users_email_normalized");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err.strip()).isEqualTo("cutover: backfill users_email_normalized is cancelled: cannot make it paused");
    }

    @Test
    void foregroundStartRunsToCompletion() throws Exception {
        ScratchDatabase other = ScratchDatabase.create("backfill_cli_fg");
        Flyway.configure().dataSource(other.jdbcUrl(), other.user(), other.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).load().migrate();
        Result result = runOn(other, "start", "users_email_normalized", "--batch-size", "100");
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("backfill users_email_normalized completed");
        assertThat(runOn(other, "status", "--format", "json").out).contains("\"status\" : \"completed\"");
    }

    @Test
    void unknownNamesAndBadOptionsAreOneLineErrors() {
        Result unknown = run("start", "nope");
        assertThat(unknown.code).isEqualTo(1);
        // Other tests in this JVM register backfills of their own, so only the start of the list is certain.
        assertThat(unknown.err.strip()).startsWith("cutover: unknown backfill nope (known: ").contains("users_email_normalized")
                .doesNotContain("\n");
        Result badDuration = run("start", "users_email_normalized", "--target-batch", "soon");
        assertThat(badDuration.code).isEqualTo(2);
        assertThat(badDuration.err).contains("'soon' is not a duration like 250ms, 2s, 5m or 1h");
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        return runOn(db, args);
    }

    private static Result runOn(ScratchDatabase target, String... args) {
        String[] full = new String[args.length + 7];
        full[0] = "backfill";
        System.arraycopy(args, 0, full, 1, args.length);
        System.arraycopy(new String[] {"--url", target.jdbcUrl(), "--user", target.user(), "--password",
            target.password()}, 0, full, args.length + 1, 6);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = CutoverCli.run(full);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
