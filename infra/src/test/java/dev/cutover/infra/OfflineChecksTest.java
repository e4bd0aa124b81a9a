package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tool-based checks of infra/check.sh, one test each, so a failure names the check. */
class OfflineChecksTest {

    @Test
    void everyShellScriptInTheRepositoryPassesShellcheck() {
        assertThat(CheckScript.run("shellcheck")).contains("scripts ok");
    }

    @Test
    void alertRulesPassPromtoolAndTheirUnitTests() {
        assertThat(CheckScript.run("alerts")).contains("rule tests ok");
    }

    @Test
    void composeFileIsValidForDockerCompose() {
        assertThat(CheckScript.run("compose")).contains("compose.yaml ok");
    }

    @Test
    void dockerfilePassesTheLinter() {
        assertThat(CheckScript.run("dockerfile")).contains("lint ok");
    }

    @Test
    void githubWorkflowsPassActionlintAndDependabotCoversEveryEcosystem() {
        assertThat(CheckScript.run("workflows")).contains("actionlint ok");
    }

    @Test
    void postgresqlConfParsesAndAServerStartsWithIt() {
        assertThat(CheckScript.run("postgres-conf")).contains("pg_stat_statements loads");
    }
}
