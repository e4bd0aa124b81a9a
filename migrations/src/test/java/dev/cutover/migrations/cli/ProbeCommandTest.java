package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover probe} through {@link CutoverCli#run}: JSON and text output, exit codes. */
class ProbeCommandTest {

    @Test
    void printsLocksRewriteAndTargetSizePerMigration(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("V2__add.sql"), "ALTER TABLE t ADD COLUMN r float8 DEFAULT random();");
        ScratchDatabase target = ScratchDatabase.create("probe_cli");
        Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations("filesystem:" + dir).target("1").load().migrate();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO t SELECT generate_series(1, 1000); ANALYZE t");
        }
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.name();
        String[] connection = {"--url", url, "--user", target.user(), "--password", target.password(),
                "--locations", "filesystem:" + dir};

        CliRun json = CliRun.of(concat(new String[] {"probe", "--format", "json"}, connection));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode v2 = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(v2.get("version").asText()).isEqualTo("2");
        JsonNode t = v2.get("tables").get(0);
        assertThat(t.get("table").asText()).isEqualTo("public.t");
        assertThat(t.get("strongest").asText()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(t.get("rewrite").asBoolean()).isTrue();
        assertThat(t.get("target_rows_estimate").asLong()).isEqualTo(1000);

        CliRun text = CliRun.of(concat(new String[] {"probe"}, connection));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("V2 add (in a transaction)", "public.t", "ACCESS EXCLUSIVE", "yes", "1,000");

        CliRun lint = CliRun.of(concat(new String[] {"lint", "--probe", "--format", "json"},
                connection));
        assertThat(lint.exitCode()).as("the volatile default is a lint error").isEqualTo(1);
        JsonNode both = new ObjectMapper().readTree(lint.out());
        assertThat(both.get("findings").findValuesAsText("rule")).contains("volatile-default");
        assertThat(both.get("probe").get(0).get("tables").get(0).get("rewrite").asBoolean()).isTrue();
    }

    @Test
    void namesTheWritesAStepMakesFailOnRowsABackfillHasNotReached(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V1__users.sql"),
                "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, full_name text);");
        Files.writeString(migrations.resolve("V2__expand.sql"), """
                ALTER TABLE users ADD COLUMN IF NOT EXISTS email_normalized text;
                CREATE OR REPLACE FUNCTION users_set_email_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.email_normalized := lower(btrim(NEW.email)); RETURN NEW; END $$;
                CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE OF email ON users
                    FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();""");
        Files.writeString(migrations.resolve("V3__check.sql"), """
                ALTER TABLE users ADD CONSTRAINT users_email_normalized_not_null
                    CHECK (email_normalized IS NOT NULL) NOT VALID;""");
        Files.writeString(migrations.resolve("V4__validate.sql"), """
                -- cutover:requires-backfill users_email_normalized
                ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;""");
        Path backfills = Files.createDirectories(dir.resolve("backfill"));
        Files.writeString(backfills.resolve("users_email_normalized.sql"), """
                -- cutover:backfill table=users key=id
                UPDATE users SET email_normalized = lower(btrim(email)) WHERE id > $from AND id <= $to;""");
        ScratchDatabase target = ScratchDatabase.create("probe_unfilled");
        Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations("filesystem:" + migrations).target("2").load().migrate();
        String[] connection = {"--url", "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.name(),
                "--user", target.user(), "--password", target.password(), "--locations", "filesystem:" + migrations};
        String failing = "UPDATE users of any column but email fails (23514) on rows backfill users_email_normalized "
                + "has not reached";

        CliRun json = CliRun.of(concat(new String[] {"probe", "--format", "json"}, connection));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode probes = new ObjectMapper().readTree(json.out());
        assertThat(probes.get(0).get("version").asText()).isEqualTo("3");
        assertThat(probes.get(0).get("fails_on_unfilled_rows")).singleElement()
                .satisfies(w -> assertThat(w.asText()).startsWith(failing).contains("V4__validate.sql"));
        assertThat(probes.get(1).get("fails_on_unfilled_rows")).as("V4 waits for the backfill").isEmpty();

        CliRun text = CliRun.of(concat(new String[] {"probe"}, connection));
        assertThat(text.out()).contains("V3 check (in a transaction)", "  unfilled rows: " + failing);
    }

    @Test
    void unreachableServerIsOneLineError() {
        CliRun run = CliRun.of("probe", "--url", "postgresql://127.0.0.1:1/nothing");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(run.err()).startsWith("cutover: ");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
