package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.BackfillListener;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics of the workers in this instance, per backfill: rows changed, keys covered, batch duration,
 * current batch size, failed batches, whether the workers are backing off (1) or not (0), whether the job runs, and how
 * long the workers' VACUUMs of the table take (the cost of keeping its heap from growing).
 */
@ApplicationScoped
public class BackfillMetrics implements BackfillListener {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicInteger> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger signalsHidden = new AtomicInteger();
    private volatile boolean signalsHiddenRegistered;

    /**
     * Publishes {@code cutover.backfill.signals.hidden}: 1 while the workers refuse to run because their role cannot see
     * the lock waiters, old transactions and replica lag they back off on (it needs pg_read_all_stats).
     */
    public void signalsHidden(boolean hidden) {
        if (!signalsHiddenRegistered) {
            io.micrometer.core.instrument.Gauge.builder("cutover.backfill.signals.hidden", signalsHidden, AtomicInteger::get)
                    .description("1 while the backfill workers refuse to run: their role lacks pg_read_all_stats")
                    .register(registry);
            signalsHiddenRegistered = true;
        }
        signalsHidden.set(hidden ? 1 : 0);
    }

    /** Publishes each job's status as {@code cutover.backfill.running} (1 while running): what "stalled" alerts need. */
    public void jobStates(List<BackfillStatus> jobs) {
        for (BackfillStatus job : jobs) {
            gauge(running, "cutover.backfill.running", job.name(), "1 while the backfill's status is running")
                    .set(job.state() == JobState.RUNNING ? 1 : 0);
        }
    }

    @Override
    public void batchCommitted(String name, long keys, long rows, long millis, int batchSize) {
        Counter.builder("cutover.backfill.rows.done").tag("backfill", name).description("Rows changed by backfill batches")
                .register(registry).increment(rows);
        Counter.builder("cutover.backfill.keys.scanned").tag("backfill", name).description("Keys covered by backfill batches")
                .register(registry).increment(keys);
        Timer.builder("cutover.backfill.batch.duration").tag("backfill", name).description("Backfill batch duration")
                .publishPercentileHistogram().register(registry).record(Duration.ofMillis(millis));
        gauge(batchSizes, "cutover.backfill.batch.size", name, "Rows in the last backfill batch").set(batchSize);
        gauge(throttled, "cutover.backfill.throttled", name, "1 while the backfill workers back off").set(0);
    }

    @Override
    public void batchFailed(String name, String error, int nextBatchSize) {
        Counter.builder("cutover.backfill.batches.failed").tag("backfill", name).description("Backfill batches rolled back")
                .register(registry).increment();
    }

    @Override
    public void throttled(String name, String reason) {
        gauge(throttled, "cutover.backfill.throttled", name, "1 while the backfill workers back off")
                .set(reason == null ? 0 : 1);
    }

    @Override
    public void vacuumed(String name, long millis) {
        Timer.builder("cutover.backfill.vacuum.duration").tag("backfill", name)
                .description("VACUUM of the backfilled table between batches").register(registry)
                .record(Duration.ofMillis(millis));
    }

    private AtomicInteger gauge(Map<String, AtomicInteger> values, String metric, String name, String description) {
        return values.computeIfAbsent(name, n -> {
            AtomicInteger value = new AtomicInteger();
            io.micrometer.core.instrument.Gauge.builder(metric, value, AtomicInteger::get).tag("backfill", n)
                    .description(description).register(registry);
            return value;
        });
    }
}
