package dev.cutover.loadtests.support;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;

/** Open-model arrivals: one scenario per kind of request, ramped up, then at its share of the total rate. */
public final class Arrivals {

    private Arrivals() {
    }

    /** {@code randomized}: Poisson-like gaps between arrivals instead of a metronome. */
    public static PopulationBuilder of(LoadSettings settings, String name, ChainBuilder chain, double share,
                                       boolean randomized) {
        double rate = settings.share(share);
        OpenInjectionStep.ConstantRate.ConstantRateOpenInjectionStep steady =
                constantUsersPerSec(rate).during(settings.durationSeconds());
        return scenario(name).exec(chain).injectOpen(
                rampUsersPerSec(0).to(rate).during(settings.rampUpSeconds()),
                randomized ? steady.randomized() : steady);
    }
}
