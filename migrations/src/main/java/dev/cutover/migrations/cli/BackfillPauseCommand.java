package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.sql.SQLException;
import picocli.CommandLine.Command;

/** {@code cutover backfill pause NAME}: Pause a backfill: its workers stop at their next batch. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a backfill: its workers stop at their next batch.")
public final class BackfillPauseCommand extends BackfillStateCommand {

    @Override
    BackfillStatus move(BackfillJobs jobs, String job) throws SQLException {
        return jobs.pause(job);
    }
}
