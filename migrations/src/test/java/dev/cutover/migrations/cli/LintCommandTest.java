package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover lint} end to end through {@link CutoverCli#run}: output formats and exit codes. */
class LintCommandTest {

    /** What one CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CutoverCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonListsFindingsWithAllFieldsAndExitsOneOnErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("V3__bad.sql"), """
                -- adds a column the unsafe way
                ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();
                """);
        Run run = cli("lint", "--format", "json", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(run.out());
        assertThat(findings.isArray()).isTrue();
        JsonNode first = findings.get(0);
        assertThat(first.get("file").asText()).isEqualTo(file.toString());
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.get("rule").asText()).isEqualTo("volatile-default");
        assertThat(first.get("severity").asText()).isEqualTo("error");
        assertThat(first.get("message").asText()).contains("users.token", "gen_random_uuid()");
        assertThat(first.get("fix").asText()).contains("SET DEFAULT");
        assertThat(first.size()).isEqualTo(6);
    }

    @Test
    void warningsAloneExitZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE IF NOT EXISTS t (id uuid PRIMARY KEY, at timestamp);");
        Run run = cli("lint", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("V1__t.sql:1: warning [timestamp-without-time-zone]", "0 error(s), 1 warning(s)");
    }

    @Test
    void cleanFilesPrintAnEmptyJsonArray(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__ok.sql"), "ALTER TABLE users ADD COLUMN IF NOT EXISTS nick text;");
        Run run = cli("lint", "--format", "json", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).size()).isZero();
    }

    @Test
    void withoutPathsItLintsTheBundledMigrationsAndTheyPass() {
        Run run = cli("lint");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("0 error(s)");
    }

    @Test
    void missingPathIsOneLineError() {
        Run run = cli("lint", "/no/such/dir");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("cutover: no such file or directory: /no/such/dir");
    }

    @Test
    void listRulesPrintsEveryRuleId() {
        Run run = cli("lint", "--list-rules");
        assertThat(run.exitCode()).isZero();
        dev.cutover.migrations.lint.rules.Rules.all().forEach(r -> assertThat(run.out()).contains(r.id()));
    }

    @Test
    void helpDescribesSuppression() {
        Run run = cli("lint", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("cutover:ignore", "--format");
    }
}
