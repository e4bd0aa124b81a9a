package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.BackfillPacing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * How this instance runs its backfill workers, derived from {@link BackfillConfig} (the {@code cutover.backfill.*}
 * properties as set): their count here, their poll interval and the migrations library's options.
 */
@ApplicationScoped
public class BackfillWorkerSetup {

    @Inject
    BackfillConfig config;

    /** Workers to run in this instance: 0 unless enabled. */
    public int workers() {
        return config.enabled() ? Math.max(0, config.workers()) : 0;
    }

    public Duration pollInterval() {
        return config.pollInterval();
    }

    public BackfillPacing options() {
        return BackfillPacing.defaults().withTargetBatch(config.targetBatch()).withDutyCycle(config.dutyCycle())
                .withVacuumEvery(config.vacuumEvery()).withSlices(config.slices())
                .withHealthLimits(config.maxLockWaiters(), config.maxTransactionAge(), config.maxReplicationLag());
    }
}
