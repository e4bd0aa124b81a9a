package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover.properties}: lint severities, disabled rules, excluded paths, the PostgreSQL version, guard defaults. */
class CutoverPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void theConfigFileChangesSeveritiesDisablesRulesAndExcludesPaths() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V1__t.sql"), "CREATE TABLE IF NOT EXISTS t (id uuid PRIMARY KEY, at timestamp, c char(2));\n");
        Files.writeString(migrations.resolve("V2__legacy.sql"), "CREATE INDEX t_at ON t (at);\n");
        Path config = Files.writeString(dir.resolve("cutover.properties"), """
                # timestamps are an error here; fixed-length text is fine
                lint.severity.timestamp-without-time-zone = error
                lint.disable = char-or-varchar-n
                lint.exclude = **/V2__legacy.sql
                """);
        CliRun plain = CliRun.of("lint", migrations.toString());
        assertThat(plain.out()).contains("warning [timestamp-without-time-zone]", "[char-or-varchar-n]", "V2__legacy.sql");

        CliRun configured = CliRun.of("lint", "--config", config.toString(), migrations.toString());
        assertThat(configured.exitCode()).isEqualTo(1);
        assertThat(configured.out()).contains("error [timestamp-without-time-zone]", "1 error(s), 0 warning(s)")
                .doesNotContain("char-or-varchar-n").doesNotContain("V2__legacy.sql");

        Files.copy(config, migrations.resolve("cutover.properties"));
        assertThat(CliRun.of("lint", migrations.toString()).out()).as("found in the migrations folder")
                .contains("1 error(s), 0 warning(s)");
    }

    @Test
    void thePostgresVersionChangesTheAdviceAndTheOptionOverridesTheFile() throws Exception {
        Files.writeString(dir.resolve("V1__reindex.sql"), "REINDEX INDEX users_email_key;\n");
        Path config = Files.writeString(dir.resolve("pg11.properties"), "pg.version = 11\n");
        assertThat(CliRun.of("lint", "--config", config.toString(), dir.resolve("V1__reindex.sql").toString()).out())
                .contains("PostgreSQL 11 has no REINDEX CONCURRENTLY");
        assertThat(CliRun.of("lint", "--config", config.toString(), "--pg-version", "16",
                dir.resolve("V1__reindex.sql").toString()).out()).doesNotContain("has no REINDEX CONCURRENTLY")
                .contains("[reindex-not-concurrently]");
    }

    @Test
    void anUnknownKeyOrRuleIsNamed() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "guard.lock_timeout = 1s\n");
        CliRun run = CliRun.of("lint", "--config", typo.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("unknown key 'guard.lock_timeout'");
        Path rule = Files.writeString(dir.resolve("rule.properties"), "lint.disable = no-such-rule\n");
        assertThat(CliRun.of("lint", "--config", rule.toString()).err()).contains("no lint rule no-such-rule");
    }

    @Test
    void theGuardDefaultsComeFromTheFileAndOptionsOverrideThem() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("cli_config");
        Path config = Files.writeString(dir.resolve("cutover.properties"), "guard.lock-timeout = 250ms\n");
        String[] base = {"migrate", "--url", db.url(), "--user", db.user(), "--password", db.password(), "--format",
                "json", "--config", config.toString()};
        CliRun fromFile = CliRun.of(concat(base, "--target", "1"));
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(new ObjectMapper().readTree(fromFile.out()).path("events").toString()).contains("lock_timeout 250ms");
        CliRun fromOption = CliRun.of(concat(base, "--target", "2", "--lock-timeout", "300ms"));
        assertThat(new ObjectMapper().readTree(fromOption.out()).path("events").toString()).contains("lock_timeout 300ms")
                .doesNotContain("250ms");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
