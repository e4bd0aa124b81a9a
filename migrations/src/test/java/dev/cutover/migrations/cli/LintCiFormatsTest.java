package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover lint} in CI: SARIF, GitHub annotations, GitLab Code Quality, and only what changed. */
class LintCiFormatsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void twoMigrations() throws Exception {
        Files.writeString(dir.resolve("V1__create_t.sql"), "CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, v text);\n"
                + "CREATE TABLE IF NOT EXISTS old_t (id bigint PRIMARY KEY, at timestamp);\n");
        Files.writeString(dir.resolve("V2__index_t.sql"), "-- the unsafe way\nCREATE INDEX IF NOT EXISTS t_v ON t (v);\n");
    }

    @Test
    void sarifForGitHubCodeScanning() throws Exception {
        CliRun run = CliRun.of("lint", "--format", "sarif", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode sarif = new ObjectMapper().readTree(run.out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode runNode = sarif.path("runs").get(0);
        assertThat(runNode.path("tool").path("driver").path("rules").findValuesAsText("id"))
                .contains("create-index-not-concurrently", "unbatched-backfill");
        JsonNode result = runNode.path("results").get(1);
        assertThat(result.path("ruleId").asText()).isEqualTo("create-index-not-concurrently");
        assertThat(result.path("level").asText()).isEqualTo("error");
        JsonNode location = result.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).endsWith("V2__index_t.sql");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(2);
    }

    @Test
    void githubWorkflowAnnotations() {
        CliRun run = CliRun.of("lint", "--format", "github", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines().toList().get(0)).startsWith("::warning file=" + dir.resolve("V1__create_t.sql")
                + ",line=2,title=cutover lint%3A timestamp-without-time-zone::");
        assertThat(run.out().lines().toList().get(1)).startsWith("::error file=").contains("V2__index_t.sql,line=2,")
                .contains("%0AFix: ");
    }

    @Test
    void gitlabCodeQuality() throws Exception {
        CliRun run = CliRun.of("lint", "--format", "gitlab", dir.toString());
        JsonNode issues = new ObjectMapper().readTree(run.out());
        assertThat(issues).hasSize(2);
        JsonNode error = issues.get(1);
        assertThat(error.path("check_name").asText()).isEqualTo("create-index-not-concurrently");
        assertThat(error.path("severity").asText()).isEqualTo("critical");
        assertThat(error.path("location").path("path").asText()).endsWith("V2__index_t.sql");
        assertThat(error.path("location").path("lines").path("begin").asInt()).isEqualTo(2);
        assertThat(error.path("fingerprint").asText()).hasSize(32).isNotEqualTo(issues.get(0).path("fingerprint").asText());
    }

    @Test
    void sinceAVersionReportsOnlyLaterFiles() {
        CliRun run = CliRun.of("lint", "--since", "1", dir.toString());
        assertThat(run.out()).doesNotContain("V1__create_t.sql").contains("V2__index_t.sql:2: error");
        assertThat(CliRun.of("lint", "--since", "2", dir.toString()).exitCode()).isZero();
    }

    @Test
    void sinceAppliedReadsTheSchemaVersionOfTheDatabase() {
        ScratchDatabase db = ScratchDatabase.create("lint_since");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("filesystem:" + dir)
                .target("1").load().migrate();
        String[] args = {"lint", "--since", "applied", "--url", db.url(), "--user", db.user(), "--password",
                db.password(), dir.toString()};
        CliRun pending = CliRun.of(args);
        assertThat(pending.exitCode()).isEqualTo(1);
        assertThat(pending.out()).contains("V2__index_t.sql").doesNotContain("V1__create_t.sql");

        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("filesystem:" + dir).load()
                .migrate();
        CliRun applied = CliRun.of(args);
        assertThat(applied.exitCode()).as(applied.out()).isZero();
        assertThat(applied.out()).contains("0 error(s), 0 warning(s)");
    }
}
