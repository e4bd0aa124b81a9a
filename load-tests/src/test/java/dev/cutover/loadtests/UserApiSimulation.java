package dev.cutover.loadtests;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.cutover.loadtests.support.Arrivals;
import dev.cutover.loadtests.support.LoadSettings;
import dev.cutover.loadtests.support.Population;
import dev.cutover.loadtests.support.UserRequests;
import io.gatling.javaapi.core.Simulation;

/**
 * A realistic open-model mix on the user API (reads by id and of oneself with pre-issued tokens, keyset listing,
 * sign-ups, profile updates, logins) with SLO assertions that fail the build when breached. Properties: baseUrl,
 * rps, duration, rampUp, loginsFile, superuser, superuserPassword, tokenUsers, p99Ms, maxFailedPercent.
 */
public class UserApiSimulation extends Simulation {

    private final LoadSettings settings = LoadSettings.fromSystemProperties(60);
    private final Population population = new Population(settings);
    private final UserRequests requests = new UserRequests(population, null);

    {
        int p99Ms = (int) LoadSettings.number("p99Ms", 500);
        double maxFailedPercent = LoadSettings.number("maxFailedPercent", 0);
        System.out.println("UserApiSimulation: " + settings + "; SLO p99 < " + p99Ms + " ms, failed <= "
                + maxFailedPercent + " %");
        setUp(
                Arrivals.of(settings, "read user by id", requests.readById(), 0.25, true),
                Arrivals.of(settings, "read me", requests.readMe(), 0.30, true),
                Arrivals.of(settings, "list users", requests.listKeyset(), 0.10, true),
                Arrivals.of(settings, "update me", requests.updateMe(), 0.20, true),
                Arrivals.of(settings, "sign up", requests.signUp(), 0.08, true),
                Arrivals.of(settings, "log in", requests.logIn(), 0.07, true))
                .protocols(http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
                        .userAgentHeader("cutover-load-tests"))
                .assertions(
                        global().failedRequests().percent().lte(maxFailedPercent),
                        global().responseTime().percentile(99.0).lt(p99Ms));
    }

    @Override
    public void before() {
        population.logIn();
    }
}
