package dev.cutover.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.cutover.loadtests.support.LoadSettings;
import dev.cutover.loadtests.support.Population;
import dev.cutover.loadtests.support.UserRequests;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
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
                arrivals("read user by id", requests.readById(), 0.25),
                arrivals("read me", requests.readMe(), 0.30),
                arrivals("list users", requests.listKeyset(), 0.10),
                arrivals("update me", requests.updateMe(), 0.20),
                arrivals("sign up", requests.signUp(), 0.08),
                arrivals("log in", requests.logIn(), 0.07))
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

    /** One scenario per kind of request, each arriving at its share of the total rate (open model: Poisson-like). */
    private PopulationBuilder arrivals(String name, ChainBuilder chain, double share) {
        double rate = settings.share(share);
        return scenario(name).exec(chain).injectOpen(
                rampUsersPerSec(0).to(rate).during(settings.rampUpSeconds()),
                constantUsersPerSec(rate).during(settings.durationSeconds()).randomized());
    }
}
