package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.sql.MigrationFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code constraint-before-backfill} says, and where the linter finds the backfills it knows. */
class ConstraintBeforeBackfillTest {

    private static final String RULE = "constraint-before-backfill";
    private static final String EXPAND = """
            ALTER TABLE users ADD COLUMN IF NOT EXISTS email_normalized text;
            CREATE OR REPLACE FUNCTION users_set_email_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.email_normalized := lower(btrim(NEW.email)); RETURN NEW; END $$;
            CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE OF email ON users
                FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();
            """;
    private static final String CHECK = """
            -- a comment line
            ALTER TABLE users
                ADD CONSTRAINT users_email_normalized_not_null CHECK (email_normalized IS NOT NULL) NOT VALID;
            """;
    private static final String VALIDATE = """
            -- cutover:requires-backfill users_email_normalized
            ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;
            """;

    @Test
    void theCheckBeforeTheGateNamesTheFailingUpdatesTheTriggerAndTheGate() {
        List<Finding> findings = Linter.standard().lint(List.of(new MigrationFile("V2__expand.sql", EXPAND),
                new MigrationFile("V3__check.sql", CHECK), new MigrationFile("V4__validate.sql", VALIDATE)),
                LintRulesTest.BACKFILLS);
        assertThat(findings).filteredOn(f -> f.rule().equals(RULE)).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("V3__check.sql");
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).startsWith("UPDATE users of any column but email fails (23514) on rows backfill "
                    + "users_email_normalized has not reached: CHECK users_email_normalized_not_null on "
                    + "users.email_normalized applies to every row an UPDATE writes")
                    .contains("trigger users_email_normalized fills email_normalized only on UPDATE OF email",
                            "this step comes before V4__validate.sql, which waits for the backfill");
            assertThat(f.fix()).contains("-- cutover:requires-backfill NAME", "BEFORE INSERT OR UPDATE ON t");
        });
    }

    @Test
    void withoutAnyGateTheMessageSaysSo() {
        List<Finding> findings = Linter.standard().lint(List.of(new MigrationFile("V3__check.sql",
                "ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL")), LintRulesTest.BACKFILLS);
        assertThat(findings).filteredOn(f -> f.rule().equals(RULE)).singleElement().extracting(Finding::message)
                .asString().startsWith("this migration fails (23502) on rows backfill users_email_normalized")
                .endsWith("no migration waits for the backfill (-- cutover:requires-backfill users_email_normalized)");
    }

    @Test
    void theBackfillsBesideALintedDirectoryAreKnown(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V2__expand.sql"), EXPAND);
        Files.writeString(migrations.resolve("V3__check.sql"), CHECK);
        assertThat(Linter.standard().lintPaths(List.of(migrations))).extracting(Finding::rule).doesNotContain(RULE);

        Path backfills = Files.createDirectories(dir.resolve("backfill"));
        Files.writeString(backfills.resolve("users_email_normalized.sql"), LintRulesTest.BACKFILLS.get(0).sql());
        assertThat(Linter.standard().lintPaths(List.of(migrations))).extracting(Finding::rule).contains(RULE);
        assertThat(Linter.standard().lintPaths(List.of(migrations.resolve("V3__check.sql"))))
                .extracting(Finding::rule).contains(RULE);

        Files.writeString(backfills.resolve("broken.sql"), "UPDATE users SET a = 1");
        assertThat(Linter.standard().lintPaths(List.of(migrations)))
                .anySatisfy(f -> {
                    assertThat(f.file()).endsWith("broken.sql");
                    assertThat(f.rule()).isEqualTo(Linter.UNPARSABLE);
                });
    }
}
