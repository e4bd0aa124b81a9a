package dev.cutover.service.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Requests to one running service, each recorded as an {@link Outcome} in the order sent. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final List<Outcome> outcomes;

    ApiClient(URI base, List<Outcome> outcomes) {
        this.base = base;
        this.outcomes = outcomes;
    }

    /** A request's answer: its status (0 when none came) and body. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        /** The string at {@code field} of a JSON object body, or null. */
        String text(String field) {
            JsonNode node = json().path(field);
            return node.isTextual() ? node.asText() : null;
        }
    }

    Answer json(String label, String operation, String method, String path, String token, Object body) {
        return send(label, operation, method, path, token, "application/json", body == null ? null : write(body), true);
    }

    Answer form(String label, String operation, String path, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(label, operation, "POST", path, null, "application/x-www-form-urlencoded", form, true);
    }

    /** As {@link #json}, for a request whose answer may rightly differ between states: only a 5xx fails it. */
    Answer stateDependent(String label, String operation, String method, String path, String token) {
        return send(label, operation, method, path, token, "application/json", null, false);
    }

    void check(String label, String what, String result) {
        outcomes.add(new Outcome(label, what, result, "", true));
    }

    /** Makes the last outcome's expected result {@code expected} in this state, whatever the final schema gave. */
    void expect(String expected) {
        Outcome last = outcomes.remove(outcomes.size() - 1);
        outcomes.add(new Outcome(last.label(), last.operation(), last.result(), last.body(), true, expected));
    }

    private Answer send(String label, String operation, String method, String path, String token, String type,
                        String body, boolean compared) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", type);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Answer answer;
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answer = new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            answer = new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(0, e.toString());
        }
        String result = answer.status() == 0 ? "no answer" : String.valueOf(answer.status());
        outcomes.add(new Outcome(label, operation, result, answer.body(), compared));
        return answer;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
