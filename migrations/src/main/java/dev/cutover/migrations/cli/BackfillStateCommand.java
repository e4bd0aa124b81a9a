package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command that moves one job to another state; the workers see it at their next batch. */
abstract class BackfillStateCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "The backfill job")
    String name;

    abstract BackfillStatus move(BackfillJobs jobs, String job) throws SQLException;

    @Override
    public Integer call() throws Exception {
        BackfillStatus status = move(new BackfillJobs(connection::connect), name);
        System.out.printf("backfill %s is %s (%.1f%%)%n", status.name(), status.state().dbValue(), status.percent());
        return 0;
    }
}
