package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.sql.MigrationFile;
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
    void theContractStepIsSuppressedWithAReasonNotSilentlyAccepted() {
        List<Finding> withoutSuppressions = Linter.standard().lint(List.of(new MigrationFile("V7.sql",
                "DROP INDEX CONCURRENTLY IF EXISTS users_email_key;")));
        assertThat(withoutSuppressions).extracting(Finding::rule).contains("drop-index-in-use");
    }
}
