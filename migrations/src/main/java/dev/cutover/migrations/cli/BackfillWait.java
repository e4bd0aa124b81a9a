package dev.cutover.migrations.cli;

import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.JobState;
import dev.cutover.migrations.guard.BackfillGate;
import dev.cutover.migrations.sql.DurationText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gate of {@code cutover migrate}: a backfill the inner gate refuses is left to the service's backfill workers and
 * waited for with its progress, up to a bound past which the run stops at that gate.
 */
final class BackfillWait implements BackfillGate {

    /** How often the job's row is read: one cheap primary-key lookup. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** How often a progress line is printed while the job is unchanged in state: often enough for a log tail. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    /** A running job that covered no key for this long has no worker, or a stuck one: the progress line says so. */
    static final Duration IDLE_HINT = Duration.ofSeconds(60);

    private final BackfillGate inner;
    private final BackfillJobs jobs;
    private final Duration bound;
    private final Consumer<String> progress;
    private final Supplier<Optional<String>> schemaVersion;
    private Stop stop;

    /** What the run stopped at: the backfill's name and its job, if it has one. */
    record Stop(String name, Optional<BackfillStatus> job) {
    }

    /**
     * {@code bound} zero: no wait, what {@code inner} refuses stops the run at once; {@code schemaVersion} is read once
     * per wait, for the progress lines (the schema does not change while the run waits).
     */
    BackfillWait(BackfillGate inner, BackfillJobs jobs, Duration bound, Consumer<String> progress,
                 Supplier<Optional<String>> schemaVersion) {
        if (bound.isNegative()) {
            throw new IllegalArgumentException("--wait-for-backfills must not be negative, got " + DurationText.human(bound));
        }
        this.inner = inner;
        this.jobs = jobs;
        this.bound = bound;
        this.progress = progress;
        this.schemaVersion = schemaVersion;
    }

    /** The gate this run stopped at, empty when it stopped at none. */
    Optional<Stop> stop() {
        return Optional.ofNullable(stop);
    }

    @Override
    public void awaitComplete(String name, Connection connection) throws SQLException {
        try {
            inner.awaitComplete(name, connection);
            return;
        } catch (IllegalStateException refused) {
            if (bound.isZero()) {
                stop = new Stop(name, jobs.get(name));
                throw refused;
            }
        }
        BackfillStatus job = started(name);
        String at = " (schema at version " + schemaVersion.get().orElse("none") + ")";
        Instant begin = Instant.now();
        Instant deadline = begin.plus(bound);
        Instant lastReport = Instant.MIN;
        Instant lastMove = begin;
        long lastKeys = job.keysScanned();
        JobState lastState = null;
        while (true) {
            Instant now = Instant.now();
            if (job.keysScanned() != lastKeys) {
                lastKeys = job.keysScanned();
                lastMove = now;
            }
            if (job.state() == JobState.COMPLETED) {
                progress.accept("backfill " + name + " completed after waiting " + DurationText.human(Duration.between(begin, now))
                        + "; migrating on");
                return;
            }
            if (job.state() == JobState.FAILED || job.state() == JobState.CANCELLED) {
                stop = new Stop(name, Optional.of(job));
                throw new IllegalStateException("backfill " + name + " is " + job.state().dbValue()
                        + job.lastError().map(e -> " (" + e + ")").orElse("") + ": fix the cause, run 'cutover backfill "
                        + (job.state() == JobState.FAILED ? "resume " : "start ") + name + "', then migrate again");
            }
            if (!now.isBefore(deadline)) {
                stop = new Stop(name, Optional.of(job));
                throw new IllegalStateException("backfill " + name + " is " + job.state().dbValue() + " at "
                        + percent(job) + " after waiting " + DurationText.human(bound) + " (--wait-for-backfills): "
                        + "stopped at its gate, the migrations before it applied; migrate again to continue");
            }
            if (job.state() != lastState || !now.isBefore(lastReport.plus(REPORT_EVERY))) {
                progress.accept(line(job, at, Duration.between(begin, now), Duration.between(lastMove, now)));
                lastReport = now;
                lastState = job.state();
            }
            sleep(min(POLL, Duration.between(now, deadline)));
            job = jobs.get(name).orElseThrow(() -> new IllegalStateException(
                    "backfill " + name + "'s job disappeared from cutover.backfill_jobs while migrate waited for it"));
        }
    }

    /** The job, made runnable for the workers when it has never run; a paused or failed one is left as it is. */
    private BackfillStatus started(String name) throws SQLException {
        Optional<BackfillStatus> job = jobs.get(name);
        if (job.isPresent() && job.get().state() != JobState.PENDING) {
            return job.get();
        }
        BackfillStatus running = jobs.start(Backfills.require(name), BackfillPacing.defaults());
        progress.accept("backfill " + name + " is " + running.state().dbValue() + " for the service's backfill workers "
                + "(about " + running.rowsEstimated() + " rows); waiting up to " + DurationText.human(bound) + " for them");
        return running;
    }

    private String line(BackfillStatus job, String at, Duration waited, Duration idle) {
        StringBuilder s = new StringBuilder("waiting for backfill ").append(job.name()).append(at).append(": ")
                .append(job.state().dbValue()).append(' ').append(percent(job))
                .append(String.format(Locale.ROOT, ", %d of ~%d keys, %.0f rows/s", job.keysScanned(),
                        job.rowsEstimated(), job.rowsPerSecond()))
                .append(job.eta().map(eta -> ", ETA " + DurationText.human(eta)).orElse(""))
                .append("; waited ").append(DurationText.human(waited))
                .append(" of ").append(DurationText.human(bound));
        job.throttle().ifPresent(t -> s.append("; throttled: ").append(t));
        if (job.state() == JobState.PAUSED) {
            s.append("; paused: 'cutover backfill resume ").append(job.name()).append("' continues it");
        } else if (idle.compareTo(IDLE_HINT) >= 0) {
            s.append("; no progress for ").append(DurationText.human(idle))
                    .append(": are the backfill workers running (BACKFILL_ENABLED=true)?");
        }
        return s.toString();
    }

    static String percent(BackfillStatus job) {
        return String.format(Locale.ROOT, "%.1f%%", job.percent());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a backfill; the job goes on, "
                    + "migrate again to continue", e);
        }
    }
}
