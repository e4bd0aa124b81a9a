package dev.cutover.service.startup;

import dev.cutover.service.api.Api;
import dev.cutover.service.auth.Tokens;
import dev.cutover.service.config.ServiceConfig;
import dev.cutover.service.users.User;
import dev.cutover.service.users.UserRepository;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness check {@value #NAME}: DOWN until the service has sent itself {@code WARM_UP_ROUNDS} rounds of its common
 * requests as the first superuser, none of which changes data, so the first clients a load balancer sends to a new
 * instance do not pay for its cold paths (class loading, lazy metadata, the first plans of each statement).
 *
 * <p>Measured on a fresh JVM: the first {@code PATCH /users/me} took 255-339 ms, one after an empty PATCH 47 ms, later
 * ones 15-20 ms. Under a rolling restart on a busy host those cold requests were the slowest of the whole cutover. The
 * check goes UP at once with 0 rounds, and after {@code WARM_UP_TIMEOUT} or any failure: a cold instance is slower, not
 * wrong.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    static final String NAME = "warm-up";
    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    @Inject
    ServiceConfig config;
    @Inject
    Tokens tokens;
    @Inject
    UserRepository users;

    private volatile boolean done;
    private volatile Map<Integer, Integer> statuses = Map.of();
    private URI base;
    private boolean superuserExists;
    private boolean started;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(done || config.warmUp().rounds() <= 0).build();
    }

    /** The responses of the last warm-up by status code; empty before it ends. */
    Map<Integer, Integer> statuses() {
        return statuses;
    }

    void onHttpServerStart(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        int port = event.options().getPort() > 0 ? event.options().getPort() : configuredPort();
        startWhenReady(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port), false);
    }

    /** Called by the start-up tasks once the first superuser exists, whose token the requests carry. */
    void firstSuperuserExists() {
        startWhenReady(null, true);
    }

    private synchronized void startWhenReady(URI listening, boolean superuser) {
        if (listening != null) {
            base = listening;
        }
        superuserExists |= superuser;
        if (started || base == null || !superuserExists || config.warmUp().rounds() <= 0) {
            return;
        }
        started = true;
        URI target = base;
        Thread thread = new Thread(() -> run(target), "cutover-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(URI target) {
        long start = System.nanoTime();
        long deadline = start + config.warmUp().timeout().toNanos();
        Map<Integer, Integer> seen = new TreeMap<>();
        try {
            User admin = users.findByEmail(config.firstSuperuser()).await().atMost(config.warmUp().timeout());
            if (admin == null) {
                throw new IllegalStateException("the first superuser " + config.firstSuperuser() + " is missing");
            }
            List<HttpRequest.Builder> round = requests(target, admin.id);
            String bearer = "Bearer " + tokens.accessToken(admin.id, admin.tokenVersion);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(config.warmUp().timeout()).build();
            for (int i = 0; i < config.warmUp().rounds(); i++) {
                for (HttpRequest.Builder request : round) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("it took longer than WARM_UP_TIMEOUT " + config.warmUp().timeout());
                    }
                    HttpRequest sent = request.copy().header("Authorization", bearer)
                            .header("User-Agent", NAME)
                            .timeout(Duration.ofNanos(left)).build();
                    seen.merge(client.send(sent, HttpResponse.BodyHandlers.discarding()).statusCode(), 1, Integer::sum);
                }
            }
            LOG.infof("Warmed up in %d ms: %d rounds of %d requests to %s, by status %s",
                    (System.nanoTime() - start) / 1_000_000, config.warmUp().rounds(), round.size(), target, seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Warm-up stopped after %d ms, ready without it: %s (responses by status %s)",
                    (System.nanoTime() - start) / 1_000_000, e, seen);
        } finally {
            statuses = Map.copyOf(seen);
            done = true;
        }
    }

    /**
     * One round: the reads and updates of users clients send most, where the updates are empty (they run the whole
     * path, transaction included, and change nothing, so they cannot overwrite a concurrent change), and a sign-up and
     * a login that fail validation (422) before they hash, write or count a failed login. Only users: an instance may
     * start on a schema older than its code expects (a rolling release over a database at V1, say), where other
     * tables are missing.
     */
    static List<HttpRequest.Builder> requests(URI base, UUID self) {
        URI api = base.resolve(Api.PREFIX + "/");
        HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.ofString("{}");
        return List.of(
                HttpRequest.newBuilder(api.resolve("users/me")).GET(),
                HttpRequest.newBuilder(api.resolve("users/" + self)).GET(),
                HttpRequest.newBuilder(api.resolve("users/?skip=0&limit=1")).GET(),
                json(HttpRequest.newBuilder(api.resolve("users/me"))).method("PATCH", empty),
                json(HttpRequest.newBuilder(api.resolve("users/" + self))).method("PATCH", empty),
                json(HttpRequest.newBuilder(api.resolve("users/signup"))).POST(empty),
                HttpRequest.newBuilder(api.resolve("login/access-token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=warm-up")));
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request) {
        return request.header("Content-Type", "application/json");
    }

    private static int configuredPort() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.http.test-port", Integer.class)
                .filter(port -> port > 0 && io.quarkus.runtime.LaunchMode.current().isDevOrTest())
                .orElseGet(() -> config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
    }
}
