package dev.cutover.service.startup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME}: DOWN until the start-up tasks have made sure the first superuser exists, so no pod
 * takes traffic before the operator can log in, whatever the order in which Quarkus opens its ports and runs them.
 */
@Readiness
@ApplicationScoped
public class FirstSuperuserReadiness implements HealthCheck {

    static final String NAME = "first-superuser";

    private volatile boolean exists;

    /** Called once the first superuser was found or created. */
    void confirm() {
        exists = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(exists).build();
    }
}
