package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.guard.SchemaRefresh;
import org.junit.jupiter.api.Test;

/** What {@code --help} tells a new user. */
class HelpTest {

    @Test
    void connectionHelpSteersAwayFromAPasswordOnTheCommandLine() {
        CliRun run = CliRun.of("migrate", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--password").contains("Avoid: other users see it in ps")
                .contains("PGPASSWORD").contains("DATABASE_URL").contains(".pgpass");
    }

    /** load-tests/rehearse.sh reads the contract wait's default from this sentence. */
    @Test
    void theContractWaitsDefaultIsTheSharedOneInTheSentenceTheRehearsalReads() {
        for (String command : new String[] {"migrate", "adopt"}) {
            String help = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(command).contains("never waits (default: " + SchemaRefresh.CONTRACT_WAIT_SECONDS + "s)")
                    .contains("re-read the catalog every " + SchemaRefresh.INTERVAL_SECONDS + "s");
        }
    }

    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        for (String[] command : new String[][] {{"backfill", "status"}, {"backfill", "start"}, {"migrate"}, {"adopt"},
                {"lint"}, {"probe"}, {"status"}, {"seed"}}) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.err()).as(String.join(" ", args)).doesNotContain("WARN");
            assertThat(run.out()).as(String.join(" ", args)).doesNotContain("%n").doesNotContain("%,");
        }
        assertThat(CliRun.of("backfill", "status", "--help").out()).contains("state, % done, rows/s");
    }
}
