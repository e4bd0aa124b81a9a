package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.sql.BackfillFile;
import dev.cutover.migrations.sql.MigrationFile;
import dev.cutover.migrations.sql.MigrationFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project's own migrations pass its own linter: every intended risky step carries a reasoned suppression. */
class ProjectMigrationsLintTest {

    @Test
    void bundledMigrationsHaveNoErrorFindings() {
        List<Finding> findings = Linter.standard().lintClasspath("db/migration");
        assertThat(findings).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    }

    @Test
    void anAdoptedDatabasesStepsHaveNoErrorFindings() {
        // The order `cutover adopt` runs them in: its expand steps, Cutover's migrations after the baseline V1, then
        // its contract steps; with the shipped backfills, which it completes in between.
        List<MigrationFile> adopt = MigrationFiles.fromClasspath("db/adopt/fastapi-template");
        List<MigrationFile> steps = new ArrayList<>(adopt.stream().filter(f -> !isContract(f)).toList());
        MigrationFiles.fromClasspath("db/migration").stream().filter(f -> !f.name().contains("/V1__")).forEach(steps::add);
        adopt.stream().filter(ProjectMigrationsLintTest::isContract).forEach(steps::add);
        List<Finding> findings = Linter.standard().lint(steps, BackfillFile.filesBeside(List.of("classpath:db/migration")));
        assertThat(findings).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    }

    private static boolean isContract(MigrationFile f) {
        return f.name().matches(".*/V1\\d\\d__.*");
    }

    @Test
    void theContractStepIsSuppressedWithAReasonNotSilentlyAccepted() {
        List<Finding> withoutSuppressions = Linter.standard().lint(List.of(new MigrationFile("V7.sql",
                "DROP INDEX CONCURRENTLY IF EXISTS users_email_key;")));
        assertThat(withoutSuppressions).extracting(Finding::rule).contains("drop-index-in-use");
    }
}
