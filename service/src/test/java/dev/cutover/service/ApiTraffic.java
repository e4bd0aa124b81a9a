package dev.cutover.service;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that each sign up, log in, read themselves (pipelined) and rename themselves, over and over, counting every
 * request that does not answer 2xx, and every one that gets no answer at all, as a failure.
 */
public final class ApiTraffic {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<CompletableFuture<Void>> clients = new ArrayList<>();
    private final ExecutorService threads;

    private ApiTraffic(int clients) {
        this.threads = Executors.newFixedThreadPool(clients);
    }

    /** {@code clients} clients, each on a thread of its own, sending to {@code api} until {@link #stop()}. */
    public static ApiTraffic start(URI api, int clients) {
        ApiTraffic traffic = new ApiTraffic(clients);
        for (int i = 0; i < clients; i++) {
            traffic.clients.add(CompletableFuture.runAsync(() -> traffic.loop(api), traffic.threads));
        }
        return traffic;
    }

    /** Stops the clients after their request in flight; returns the failures, each with its kind and answer. */
    public List<String> stop() {
        running.set(false);
        clients.forEach(CompletableFuture::join);
        threads.shutdown();
        return List.copyOf(failures);
    }

    /** Requests sent so far. */
    public long requests() {
        return requests.get();
    }

    private void loop(URI api) {
        // HTTP/1.1 with keep-alive, as browsers and the template's frontend reach the API through a load balancer
        // (Java's default would try an h2c upgrade, which HAProxy passes through to the instance).
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        while (running.get()) {
            try {
                String email = "through-" + UUID.randomUUID() + "@example.com";
                String password = "password-" + UUID.randomUUID();
                check("sign up", send(client, HttpRequest.newBuilder(api.resolve("/api/v1/users/signup"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))));
                String token = token(client, api, email, password);
                requests.incrementAndGet();
                for (int read = 0; read < 5; read++) {
                    String me = check("read me", send(client, authorized(api, "/api/v1/users/me", token)));
                    String id = me.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                    check("read by id", send(client, authorized(api, "/api/v1/users/" + id, token)));
                }
                check("update me", send(client, authorized(api, "/api/v1/users/me", token)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"full_name\":\"Renamed\"}"))));
            } catch (Exception e) {
                failures.add("no answer: " + e);
            }
        }
    }

    public static String token(HttpClient client, URI api, String email, String password) throws Exception {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(api.resolve("/api/v1/login/access-token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("log in answered " + login.statusCode() + ": " + login.body());
        }
        return login.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    private static HttpRequest.Builder authorized(URI api, String path, String token) {
        return HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        requests.incrementAndGet();
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String check(String kind, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            failures.add(kind + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
