package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.sql.MigrationFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suppression comments, line numbers, and SQL whose quoting would fool a naive splitter. */
class SuppressionAndParsingTest {

    private static List<Finding> lint(String sql) {
        return Linter.standard().lint(List.of(new MigrationFile("V9__case.sql", sql)));
    }

    @Test
    void suppressionWithReasonOnThePreviousLineSilencesOnlyThatStatement() {
        List<Finding> findings = lint("""
                -- cutover:ignore drop-column contract step: release 42 stopped reading legacy_a
                ALTER TABLE users DROP COLUMN IF EXISTS legacy_a;
                ALTER TABLE users DROP COLUMN IF EXISTS legacy_b;
                """.replaceFirst("^", "SELECT 1;\n"));
        assertThat(findings).filteredOn(f -> f.rule().equals("drop-column")).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(4));
    }

    @Test
    void suppressionInTheHeaderCoversTheWholeFile() {
        List<Finding> findings = lint("""
                -- cutover:ignore drop-column contract step: release 42 stopped using both
                ALTER TABLE users DROP COLUMN IF EXISTS legacy_a;
                ALTER TABLE users DROP COLUMN IF EXISTS legacy_b;
                """);
        assertThat(findings).extracting(Finding::rule).doesNotContain("drop-column");
    }

    @Test
    void suppressionWithoutReasonIsAnErrorAndSilencesNothing() {
        List<Finding> findings = lint("""
                -- cutover:ignore drop-column
                ALTER TABLE users DROP COLUMN IF EXISTS legacy_a;
                """);
        assertThat(findings).extracting(Finding::rule).contains("drop-column", Linter.SUPPRESSION_WITHOUT_REASON);
        assertThat(findings).filteredOn(f -> f.rule().equals(Linter.SUPPRESSION_WITHOUT_REASON)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.line()).isEqualTo(1);
                });
    }

    @Test
    void suppressionOfAnUnknownRuleIsAWarning() {
        assertThat(lint("-- cutover:ignore no-such-rule because\nSELECT 1;"))
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Linter.SUPPRESSION_UNKNOWN_RULE, Severity.WARNING));
    }

    @Test
    void semicolonsAndKeywordsInsideBodiesLiteralsAndCommentsDoNotCount() {
        List<Finding> findings = lint("""
                DO $body$
                BEGIN
                    EXECUTE 'DROP TABLE x; VACUUM FULL users';
                END
                $body$;
                SELECT E'it\\'s; DROP TABLE y', 'a''b; CLUSTER users', "odd;name" FROM users; /* VACUUM FULL
                   users; /* nested */ still comment */
                -- DROP TABLE z;
                CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
                DROP INDEX IF EXISTS after_all;
                """);
        assertThat(findings).extracting(Finding::rule)
                .doesNotContain("drop-table", "vacuum-full-or-cluster").contains("drop-index-not-concurrently");
        assertThat(findings).filteredOn(f -> f.rule().equals("drop-index-not-concurrently")).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(10));
    }

    @Test
    void findingsPointAtTheLineOfTheOffendingAction() {
        List<Finding> findings = lint("""
                ALTER TABLE users
                    ADD COLUMN IF NOT EXISTS nickname text,
                    ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();
                """);
        assertThat(findings).filteredOn(f -> f.rule().equals("volatile-default")).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(3));
    }

    @Test
    void unterminatedQuoteIsAFindingNotACrash() {
        assertThat(lint("SELECT 'oops;\n")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Linter.UNPARSABLE);
            assertThat(f.message()).contains("line 1");
        });
        assertThat(lint("SELECT $$ never closed")).extracting(Finding::rule).containsExactly(Linter.UNPARSABLE);
    }

    @Test
    void filesAreLintedInFlywayVersionOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("V10__set_not_null.sql"),
                "ALTER TABLE users ALTER COLUMN nick SET NOT NULL;");
        java.nio.file.Files.writeString(dir.resolve("V2__check.sql"),
                "ALTER TABLE users ADD CONSTRAINT nick_nn CHECK (nick IS NOT NULL) NOT VALID;");
        java.nio.file.Files.writeString(dir.resolve("V9__validate.sql"),
                "ALTER TABLE users VALIDATE CONSTRAINT nick_nn;");
        assertThat(Linter.standard().lintPaths(List.of(dir))).extracting(Finding::rule)
                .doesNotContain("set-not-null-without-check");
    }
}
