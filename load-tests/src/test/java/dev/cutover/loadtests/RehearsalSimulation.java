package dev.cutover.loadtests;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGenerator;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.cutover.loadtests.support.LoadSettings;
import dev.cutover.loadtests.support.Population;
import dev.cutover.loadtests.support.RehearsalMix;
import dev.cutover.loadtests.support.RequestLog;
import dev.cutover.loadtests.support.UserRequests;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady traffic for the cutover rehearsal: {@link RehearsalMix} (mostly reads by id and of oneself, some profile
 * updates and sign-ups) at a constant rate until the stop file appears (the rehearsal creates it once the migration
 * and backfill ended) or {@code duration} runs out. Every request is also timed into {@code requestLog} for the rehearsal report.
 * Properties: those of {@link LoadSettings}, plus stopFile and requestLog.
 */
public class RehearsalSimulation extends Simulation {

    private final LoadSettings settings = LoadSettings.fromSystemProperties(1800);
    private final Path stopFile = Path.of(LoadSettings.text("stopFile", "target/rehearsal.stop"));
    private final RequestLog log = new RequestLog(Path.of(LoadSettings.text("requestLog", "target/requests.csv")));
    private final Population population = new Population(settings);
    private final UserRequests requests = new UserRequests(population, log);

    {
        System.out.println("RehearsalSimulation: " + settings + "; stops when " + stopFile + " exists");
        List<PopulationBuilder> load = new ArrayList<>(RehearsalMix.arrivals(settings, requests));
        load.add(scenario("stop when asked").exec(
                        asLongAs(session -> !Files.exists(stopFile)).on(pause(1)),
                        stopLoadGenerator("the rehearsal is over (" + stopFile + ")"))
                .injectOpen(atOnceUsers(1)));
        setUp(load)
                .protocols(http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
                        .userAgentHeader("cutover-rehearsal"));
    }

    @Override
    public void before() {
        population.logIn();
    }

    @Override
    public void after() {
        log.close();
    }
}
