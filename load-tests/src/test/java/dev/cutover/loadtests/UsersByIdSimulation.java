package dev.cutover.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.cutover.loadtests.support.LoadSettings;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The hot path at a constant arrival rate (an open model: a new request every 1/rps s whether or not earlier ones
 * have answered, so a stall shows up in the latencies instead of slowing the load down, unlike wrk's closed loop).
 * Every request is {@code GET /api/v1/users/{id}} with one bearer token, the ids drawn at random from a CSV file
 * with an {@code id} column. A warm-up at the same rate comes first under another request name ("warm-up"), so the
 * measured request ("measured") starts on a warm JIT, here and in the service. Used by service/bench/open-model.sh.
 * Properties: baseUrl, rps, duration, warmUp (s), token, idsFile.
 */
public class UsersByIdSimulation extends Simulation {

    {
        LoadSettings settings = LoadSettings.fromSystemProperties(30);
        String token = LoadSettings.text("token", null);
        if (token == null) {
            throw new IllegalArgumentException("-Dtoken must be an access token of a superuser");
        }
        String idsFile = LoadSettings.text("idsFile", "target/ids.csv");
        int warmUp = (int) LoadSettings.number("warmUp", 10);
        System.out.printf("UsersByIdSimulation: %s at %.0f req/s for %d s after %d s of warm-up, ids from %s%n",
                settings.baseUrl(), settings.rps(), settings.durationSeconds(), warmUp, idsFile);
        setUp(readById("warm-up", idsFile).injectOpen(constantUsersPerSec(settings.rps()).during(warmUp))
                .andThen(readById("measured", idsFile)
                        .injectOpen(constantUsersPerSec(settings.rps()).during(settings.durationSeconds()))))
                // Virtual users share a connection pool, as wrk's connections and a browser's keep-alive do: a new
                // TCP connection per request would measure the handshake instead of the service.
                .protocols(http.baseUrl(settings.baseUrl()).acceptHeader("application/json")
                        .authorizationHeader("Bearer " + token).shareConnections()
                        .userAgentHeader("cutover-load-tests"));
    }

    private static ScenarioBuilder readById(String name, String idsFile) {
        return scenario(name).exec(feed(csv(idsFile).random()))
                .exec(http(name).get("/api/v1/users/#{id}").check(status().is(200)));
    }
}
