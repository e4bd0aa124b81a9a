package dev.cutover.service.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class FirstSuperuserReadinessTest {

    @Test
    void downUntilTheFirstSuperuserIsConfirmed() {
        FirstSuperuserReadiness readiness = new FirstSuperuserReadiness();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.call().getName()).isEqualTo("first-superuser");

        readiness.confirm();

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
