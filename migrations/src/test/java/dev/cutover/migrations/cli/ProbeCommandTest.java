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

        LintCommandTest.Run json = LintCommandTest.cli(concat(new String[] {"probe", "--format", "json"}, connection));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode v2 = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(v2.get("version").asText()).isEqualTo("2");
        JsonNode t = v2.get("tables").get(0);
        assertThat(t.get("table").asText()).isEqualTo("public.t");
        assertThat(t.get("strongest").asText()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(t.get("rewrite").asBoolean()).isTrue();
        assertThat(t.get("target_rows_estimate").asLong()).isEqualTo(1000);

        LintCommandTest.Run text = LintCommandTest.cli(concat(new String[] {"probe"}, connection));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("V2 add (in a transaction)", "public.t", "ACCESS EXCLUSIVE", "yes", "1,000");

        LintCommandTest.Run lint = LintCommandTest.cli(concat(new String[] {"lint", "--probe", "--format", "json"},
                connection));
        assertThat(lint.exitCode()).as("the volatile default is a lint error").isEqualTo(1);
        JsonNode both = new ObjectMapper().readTree(lint.out());
        assertThat(both.get("findings").findValuesAsText("rule")).contains("volatile-default");
        assertThat(both.get("probe").get(0).get("tables").get(0).get("rewrite").asBoolean()).isTrue();
    }

    @Test
    void unreachableServerIsOneLineError() {
        LintCommandTest.Run run = LintCommandTest.cli("probe", "--url", "postgresql://127.0.0.1:1/nothing");
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
