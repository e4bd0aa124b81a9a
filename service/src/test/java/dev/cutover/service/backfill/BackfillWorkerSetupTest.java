package dev.cutover.service.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.backfill.BackfillPacing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackfillWorkerSetupTest {

    @Test
    void theWorkersPaceAndPauseAsTheSettingsSay() {
        BackfillWorkerSetup setup = new BackfillWorkerSetup();
        setup.config = new Settings(true, 2);
        BackfillPacing pacing = setup.options();
        assertThat(setup.workers()).isEqualTo(2);
        assertThat(pacing.targetBatch()).isEqualTo(Duration.ofMillis(50));
        assertThat(pacing.dutyCycle()).isEqualTo(0.25);
        assertThat(pacing.slices()).isEqualTo(4);
        assertThat(pacing.maxLockWaiters()).isEqualTo(3);
        assertThat(pacing.maxTransactionAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pacing.maxReplicationLag()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void noWorkerRunsUnlessEnabled() {
        BackfillWorkerSetup setup = new BackfillWorkerSetup();
        setup.config = new Settings(false, 2);
        assertThat(setup.workers()).isZero();
    }

    /** Settings as BACKFILL_* variables would give them. */
    private record Settings(boolean enabled, int workers) implements BackfillConfig {
        public Duration pollInterval() {
            return Duration.ofMillis(500);
        }

        public Duration targetBatch() {
            return Duration.ofMillis(50);
        }

        public double dutyCycle() {
            return 0.25;
        }

        public int vacuumEvery() {
            return -1;
        }

        public int slices() {
            return 4;
        }

        public int maxLockWaiters() {
            return 3;
        }

        public Duration maxTransactionAge() {
            return Duration.ofMinutes(1);
        }

        public Duration maxReplicationLag() {
            return Duration.ofSeconds(2);
        }
    }
}
