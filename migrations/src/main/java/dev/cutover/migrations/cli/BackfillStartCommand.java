package dev.cutover.migrations.cli;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillListener;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.BackfillWorker;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.migrations.backfill.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover backfill start NAME}: runs the backfill here to the end with a progress bar, or with
 * {@code --detach} only marks it runnable for the service's workers.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Run a backfill in the foreground to completion (or --detach: leave it to the service's workers).")
public final class BackfillStartCommand implements Callable<Integer> {

    private static final BackfillPacing DEFAULTS = BackfillPacing.defaults();

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "The backfill, e.g. users_email_normalized")
    String name;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Migration locations; the SQL backfills in the backfill folder beside each are known too "
                    + "(default: ${DEFAULT-VALUE}, whose db/backfill ships users_email_normalized)")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--detach", description = "Only mark the job runnable; the service's workers run it")
    boolean detach;

    @Option(names = "--batch-size", description = "First batch size (default: ${DEFAULT-VALUE})")
    int batchSize = DEFAULTS.initialBatchSize();

    @Option(names = "--min-batch-size", description = "Smallest batch (default: ${DEFAULT-VALUE})")
    int minBatchSize = DEFAULTS.minBatchSize();

    @Option(names = "--max-batch-size", description = "Largest batch (default: ${DEFAULT-VALUE})")
    int maxBatchSize = DEFAULTS.maxBatchSize();

    @Option(names = "--target-batch", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Batch duration the size is tuned toward (default: 200ms)")
    Duration targetBatch = DEFAULTS.targetBatch();

    @Option(names = "--duty-cycle", description = "Largest share of wall time spent in batches, (0, 1] (default: ${DEFAULT-VALUE})")
    double dutyCycle = DEFAULTS.dutyCycle();

    @Option(names = "--lock-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "lock_timeout of each batch (default: 100ms)")
    Duration lockTimeout = DEFAULTS.lockTimeout();

    @Option(names = "--statement-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "statement_timeout of each batch (default: 5s)")
    Duration statementTimeout = DEFAULTS.statementTimeout();

    @Option(names = "--max-attempts", description = "Consecutive failed batches before the job fails (default: ${DEFAULT-VALUE})")
    int maxAttempts = DEFAULTS.maxAttempts();

    @Option(names = "--vacuum-every", description = "VACUUM the table every N key ranges, 0 never; default: every 20 "
            + "ranges when they run unsliced, never when sliced (their rows stay on their pages)")
    int vacuumEvery = DEFAULTS.vacuumEvery();

    @Option(names = "--slices", description = "Transactions per key range, each changing a share of every page's rows "
            + "so that most stay on their page; for backfills whose SQL has $slice (default: ${DEFAULT-VALUE})")
    int slices = DEFAULTS.slices();

    @Option(names = "--no-progress", description = "No progress bar (e.g. in logs)")
    boolean noProgress;

    @Option(names = "--log-batches", description = "Print one line per batch to stderr: keys, rows, ms, batch size")
    boolean logBatches;

    @Override
    public Integer call() throws Exception {
        Backfills.loadBeside(locations);
        Backfill backfill = Backfills.require(name);
        BackfillPacing options = DEFAULTS.withBatchSizes(batchSize, minBatchSize, maxBatchSize)
                .withTargetBatch(targetBatch).withDutyCycle(dutyCycle).withTimeouts(lockTimeout, statementTimeout)
                .withMaxAttempts(maxAttempts).withVacuumEvery(vacuumEvery)
                .withSlices(slices);
        ConnectionSource connections = connection::connect;
        BackfillJobs jobs = new BackfillJobs(connections);
        BackfillStatus started = jobs.start(backfill, options);
        if (detach || started.state() == JobState.COMPLETED) {
            System.out.println("backfill " + name + " is " + started.state().dbValue()
                    + (detach && started.state() == JobState.RUNNING ? " (the service's workers run it)" : ""));
            return 0;
        }
        BackfillStatus end;
        if (noProgress) {
            end = runPausingOnInterrupt(jobs, new BackfillWorker(backfill, connections, options,
                    logBatches ? new BatchLog() : BackfillListener.NONE));
        } else {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(started.rowsEstimated())
                    .setUnit(" rows", 1).showSpeed().setUpdateIntervalMillis(250).build()) {
                bar.stepTo(started.keysScanned());
                end = runPausingOnInterrupt(jobs, new BackfillWorker(backfill, connections, options, new Progress(bar)));
                if (end.state() == JobState.COMPLETED) {
                    bar.maxHint(end.keysScanned());
                    bar.stepTo(end.keysScanned());
                }
            }
        }
        if (end.state() != JobState.COMPLETED) {
            throw new IllegalStateException("backfill " + name + " ended " + end.state().dbValue()
                    + end.lastError().map(e -> ": " + e).orElse(""));
        }
        System.out.printf("backfill %s completed: %d rows changed, %d keys in %d batches, %.0f rows/s%n", name,
                end.rowsDone(), end.keysScanned(), end.batches(), end.rowsPerSecond());
        return 0;
    }

    /**
     * Runs the worker in this thread; on Ctrl-C (or SIGTERM) it stops after the batch in flight and the job is paused,
     * so no other worker (the service's) takes it over unasked: {@code cutover backfill resume} continues it.
     */
    private BackfillStatus runPausingOnInterrupt(BackfillJobs jobs, BackfillWorker worker) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread pause = new Thread(() -> {
            worker.requestStop();
            try {
                stopped.await(statementTimeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
                jobs.pause(name);
                System.err.println("cutover: backfill " + name + " paused after the batch in flight; "
                        + "continue it with: cutover backfill resume " + name);
            } catch (Exception e) {
                // Completed (or cancelled) meanwhile: nothing to pause.
            }
        }, "pause-" + name);
        Runtime.getRuntime().addShutdownHook(pause);
        try {
            return worker.run();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(pause);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs now and pauses the job.
            }
        }
    }

    /** One line per batch, for benchmarks and logs. */
    private static final class BatchLog implements BackfillListener {
        @Override
        public void batchCommitted(String name, long keys, long rows, long millis, int batchSize) {
            System.err.printf("batch keys=%d rows=%d ms=%d size=%d at=%d%n", keys, rows, millis, batchSize,
                    System.currentTimeMillis());
        }

        @Override
        public void batchFailed(String name, String error, int nextBatchSize) {
            System.err.printf("failed next_size=%d error=%s%n", nextBatchSize, error);
        }

        @Override
        public void throttled(String name, String reason) {
            System.err.printf("throttle %s%n", reason == null ? "cleared" : reason);
        }

        @Override
        public void vacuumed(String name, long millis) {
            System.err.printf("vacuum ms=%d at=%d%n", millis, System.currentTimeMillis());
        }
    }

    /** Moves the bar with each batch and shows why the worker waits while it is throttled. */
    private static final class Progress implements BackfillListener {
        private final ProgressBar bar;

        Progress(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void batchCommitted(String name, long keys, long rows, long millis, int batchSize) {
            if (bar.getCurrent() + keys > bar.getMax()) {
                bar.maxHint(bar.getCurrent() + keys);
            }
            bar.stepBy(keys);
            bar.setExtraMessage(String.format(" batch %d rows %d ms", batchSize, millis));
        }

        @Override
        public void batchFailed(String name, String error, int nextBatchSize) {
            bar.setExtraMessage(" retrying: " + error);
        }

        @Override
        public void throttled(String name, String reason) {
            bar.setExtraMessage(reason == null ? "" : " throttled: " + reason);
        }
    }
}
