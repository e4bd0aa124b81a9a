package dev.cutover.migrations.cli;

import picocli.CommandLine.Command;

/** {@code cutover backfill}: start, watch and steer the batched backfills of {@code Backfills}. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Run and control batched backfills (state in cutover.backfill_jobs).",
        subcommands = {BackfillStartCommand.class, BackfillStatusCommand.class, BackfillPauseCommand.class,
            BackfillResumeCommand.class, BackfillCancelCommand.class})
public final class BackfillCommand {
}
