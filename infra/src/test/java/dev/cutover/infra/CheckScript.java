package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code infra/check.sh CHECK}: passes on exit 0, skips the test on exit 3 (tool unavailable), fails otherwise. */
final class CheckScript {

    static final int SKIPPED = 3;

    private CheckScript() {
    }

    static String run(String check) {
        Processes.Result result = Processes.run(Repo.root(), Map.of(), 900,
                List.of("bash", Repo.path("infra/check.sh").toString(), check));
        Assumptions.assumeTrue(result.exitCode() != SKIPPED, () -> "infra/check.sh " + check + " skipped:\n" + result.output());
        assertThat(result.exitCode()).as("infra/check.sh %s:\n%s", check, result.output()).isZero();
        return result.output();
    }
}
