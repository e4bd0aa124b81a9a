package dev.cutover.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.cutover.loadtests.support.LoadSettings;
import dev.cutover.loadtests.support.Population;
import dev.cutover.loadtests.support.RehearsalMix;
import dev.cutover.loadtests.support.RequestLog;
import dev.cutover.loadtests.support.UserRequests;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much of the rehearsal's mix the service can take: a closed model (a fixed number of users, each sending one
 * request of {@link RehearsalMix} and replaced as it finishes) after a warm-up, in levels of rising concurrency, each
 * request timed into {@code requestLog} and each level's interval into {@code levelsFile}
 * ({@code start_ms,end_ms,concurrency}; the warm-up has concurrency 0). {@code CapacityReport} turns both into the
 * service's capacity. Properties: those of {@link LoadSettings} (rps and duration unused), plus requestLog,
 * levelsFile, levels (default 2,4,8,16,32), levelSeconds (5), warmUpSeconds (8) and warmUpUsers (8).
 */
public class CapacitySimulation extends Simulation {

    private final LoadSettings settings = LoadSettings.fromSystemProperties(60);
    private final RequestLog log = new RequestLog(Path.of(LoadSettings.text("requestLog", "target/capacity.csv")));
    private final Path levelsFile = Path.of(LoadSettings.text("levelsFile", "target/capacity-levels.csv"));
    private final Population population = new Population(settings);
    private final int[] levels = Arrays.stream(LoadSettings.text("levels", "2,4,8,16,32").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    private final int levelSeconds = (int) LoadSettings.number("levelSeconds", 5);
    private final int warmUpSeconds = (int) LoadSettings.number("warmUpSeconds", 8);
    private final int warmUpUsers = (int) LoadSettings.number("warmUpUsers", 8);

    {
        System.out.println("CapacitySimulation: " + settings.baseUrl() + ", warm-up " + warmUpUsers + " users for "
                + warmUpSeconds + " s, then " + Arrays.toString(levels) + " concurrent users, " + levelSeconds
                + " s each");
        List<ClosedInjectionStep> steps = new ArrayList<>();
        steps.add(constantConcurrentUsers(warmUpUsers).during(warmUpSeconds));
        for (int users : levels) {
            steps.add(constantConcurrentUsers(users).during(levelSeconds));
        }
        setUp(scenario("capacity").exec(RehearsalMix.oneRequest(new UserRequests(population, log)))
                .injectClosed(steps))
                .protocols(http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
                        .userAgentHeader("cutover-capacity"));
    }

    @Override
    public void before() {
        population.logIn();
        // The schedule as planned from now: the injection starts as before() returns.
        long at = System.currentTimeMillis();
        StringBuilder csv = new StringBuilder("start_ms,end_ms,concurrency\n");
        csv.append(at).append(',').append(at + warmUpSeconds * 1000L).append(",0\n");
        at += warmUpSeconds * 1000L;
        for (int users : levels) {
            csv.append(at).append(',').append(at + levelSeconds * 1000L).append(',').append(users).append('\n');
            at += levelSeconds * 1000L;
        }
        try {
            Files.writeString(levelsFile, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + levelsFile, e);
        }
    }

    @Override
    public void after() {
        log.close();
    }
}
