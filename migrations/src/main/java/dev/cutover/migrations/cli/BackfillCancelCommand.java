package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.sql.SQLException;
import picocli.CommandLine.Command;

/** {@code cutover backfill cancel NAME}: Cancel a backfill for good: its workers stop at their next batch. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a backfill for good: its workers stop at their next batch.")
public final class BackfillCancelCommand extends BackfillStateCommand {

    @Override
    BackfillStatus move(BackfillJobs jobs, String job) throws SQLException {
        return jobs.cancel(job);
    }
}
