package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.BackfillWorker;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.BlindThrottlesException;
import dev.cutover.migrations.backfill.JobState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The background backfill workers of this instance ({@code cutover.backfill.enabled}, {@code cutover.backfill.workers}):
 * threads of their own, never the event loop, each running whichever registered job is {@code running} until it stops.
 * Workers of every instance share the jobs through the database, so any number of instances may run them. Workers whose
 * role cannot see what their throttles read run nothing: they log an ERROR naming the grant, and
 * {@code cutover.backfill.signals.hidden} reads 1 until the grant is made.
 */
@ApplicationScoped
public class BackfillWorkers {

    private static final Logger LOG = Logger.getLogger(BackfillWorkers.class);

    @Inject
    BackfillWorkerSetup setup;
    @Inject
    BackfillDatabase database;
    @Inject
    BackfillMetrics metrics;

    private final List<Thread> threads = new ArrayList<>();
    private final List<AtomicReference<BackfillWorker>> current = new ArrayList<>();
    private volatile boolean running;
    private volatile String hiddenSignals;

    /** After the startup tasks (priority 10), so dev and test databases are migrated first. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        int count = setup.workers();
        if (count == 0) {
            return;
        }
        running = true;
        checkSignalsAtStart();
        for (int i = 0; i < count; i++) {
            AtomicReference<BackfillWorker> slot = new AtomicReference<>();
            current.add(slot);
            Thread thread = new Thread(() -> loop(slot), "backfill-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        LOG.infof("Started %d backfill worker(s)", count);
    }

    /** Says at start, not only when a backfill is first due, that the workers will refuse to run. */
    private void checkSignalsAtStart() {
        try (Connection c = database.open()) {
            BackfillWorker.hiddenSignals(c).ifPresentOrElse(this::signalsHidden, () -> metrics.signalsHidden(false));
        } catch (SQLException e) {
            LOG.warnf("Backfill workers: could not check their role's view of the database yet: %s", e.getMessage());
        }
    }

    private void signalsHidden(String why) {
        metrics.signalsHidden(true);
        if (!why.equals(hiddenSignals)) {
            hiddenSignals = why;
            LOG.errorf("Backfill workers will not run any backfill: %s", why);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        current.forEach(slot -> Optional.ofNullable(slot.get()).ifPresent(BackfillWorker::requestStop));
        threads.forEach(Thread::interrupt);
    }

    private void loop(AtomicReference<BackfillWorker> slot) {
        BackfillJobs jobs = new BackfillJobs(database);
        while (running) {
            try {
                List<BackfillStatus> all = jobs.list();
                metrics.jobStates(all);
                for (BackfillStatus job : all) {
                    Optional<Backfill> backfill = Backfills.find(job.name());
                    if (!running || job.state() != JobState.RUNNING || backfill.isEmpty()) {
                        continue;
                    }
                    BackfillWorker worker = new BackfillWorker(backfill.get(), database, setup.options(), metrics);
                    slot.set(worker);
                    BackfillStatus end;
                    try {
                        end = worker.run();
                    } catch (BlindThrottlesException e) {
                        signalsHidden(e.getMessage());
                        continue;
                    } finally {
                        slot.set(null);
                    }
                    if (hiddenSignals != null) {
                        hiddenSignals = null;
                        metrics.signalsHidden(false);
                        LOG.info("Backfill workers: their role now sees the signals they back off on");
                    }
                    metrics.jobStates(List.of(end));
                    LOG.infof("Backfill %s is %s (%d rows changed)", end.name(), end.state().dbValue(), end.rowsDone());
                }
                Thread.sleep(setup.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Backfill worker: %s; retrying", e.getMessage());
                try {
                    Thread.sleep(setup.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
