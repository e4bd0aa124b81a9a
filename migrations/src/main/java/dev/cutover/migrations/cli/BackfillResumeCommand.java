package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.sql.SQLException;
import picocli.CommandLine.Command;

/** {@code cutover backfill resume NAME}: Resume a paused or failed backfill from its cursor. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused or failed backfill from its cursor.")
public final class BackfillResumeCommand extends BackfillStateCommand {

    @Override
    BackfillStatus move(BackfillJobs jobs, String job) throws SQLException {
        return jobs.resume(job);
    }
}
