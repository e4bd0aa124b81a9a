package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called with hostile input generated from the document itself (so a new
 * endpoint is covered without editing this): bad and forged tokens, hostile path and query values, bodies of the
 * wrong type, huge, deeply nested, invalid UTF-8, SQL and path meta characters in every field. No answer may be a
 * 5xx or carry a stack trace, and a refused write must leave users and items as they were.
 */
@QuarkusTest
class HostileInputSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |\\bat (java|io|org|dev|jakarta|com)\\.[\\w.$]+\\(|Exception\\b|java\\.lang\\.|org\\.hibernate|io\\.vertx");
    private static final String SQL = "' OR '1'='1'; DROP TABLE users; --";
    private static final String TRAVERSAL = "../../../../etc/passwd";
    /** Path and query values, already percent-encoded where the raw form cannot travel in a URL. */
    private static final List<String> HOSTILE_URL_VALUES = List.of(
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "%27%20OR%20%271%27%3D%271",
            "1%3BDROP%20TABLE%20users", "%C3%28", "%FF%FE", "%00", "-1", "99999999999999999999999", "null",
            "x".repeat(4000), "%E2%80%AE", "%25", "1e400", "NaN", "true");
    private static final byte[] INVALID_UTF8 = {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, 0x28,
            (byte) 0xFF, '"', '}'};

    @Inject
    Pool pool;
    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final List<String> failures = new ArrayList<>();
    private int requests;

    @Test
    void everyOperationRefusesHostileInputCleanly() throws Exception {
        Instant started = Instant.now();
        JsonNode doc = JSON.readTree(given().get("/api/v1/openapi.json").then().statusCode(200).extract().asString());
        TestUsers.Account sweeper = TestUsers.newUser();
        TestUsers.as(TestUsers.superuserToken()).contentType("application/json")
                .body(Map.of("is_superuser", true)).patch("/api/v1/users/" + sweeper.id()).then().statusCode(200);
        String token = TestUsers.login(sweeper.email(), TestUsers.PASSWORD);
        List<String> badTokens = badTokens(sweeper.id());

        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations++;
                sweep(doc, path.getKey(), op.getKey().toUpperCase(), op.getValue(), token, badTokens);
            }
        }
        System.out.printf("hostile-input sweep: %d requests over %d operations in %s%n", requests, operations,
                Duration.between(started, Instant.now()));
        assertThat(operations).as("operations in the document").isGreaterThanOrEqualTo(20);
        assertThat(failures).as("%d requests over %d operations", requests, operations).isEmpty();
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(90));
    }

    private void sweep(JsonNode doc, String template, String method, JsonNode op, String token, List<String> badTokens)
            throws Exception {
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            (p.path("in").asText().equals("path") ? pathParams : queryParams).add(p.path("name").asText());
        }
        String benign = fill(template, pathParams, UUID.randomUUID().toString());
        String contentType = op.path("requestBody").path("content").fieldNames().hasNext()
                ? op.path("requestBody").path("content").fieldNames().next() : null;

        // Tokens: missing, garbage, forged, alg none, wrong purpose; on the benign path without a body.
        for (String bad : badTokens) {
            call(method, benign, bad, null, null, false);
        }
        for (String value : HOSTILE_URL_VALUES) {
            if (!pathParams.isEmpty()) {
                call(method, fill(template, pathParams, value), token, null, null, true);
            }
            if (!queryParams.isEmpty()) {
                StringBuilder query = new StringBuilder(benign).append('?');
                queryParams.forEach(q -> query.append(q).append('=').append(value).append('&'));
                call(method, query.toString(), token, null, null, true);
            }
        }
        if (contentType != null) {
            for (byte[] body : bodies(doc, op, contentType)) {
                call(method, benign, token, contentType, body, true);
            }
            // The other content type than the declared one.
            String other = contentType.contains("json") ? "application/x-www-form-urlencoded" : "application/json";
            call(method, benign, token, other, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /** The hostile bodies for an operation: generic ones, then its schema's fields each given the wrong thing. */
    private List<byte[]> bodies(JsonNode doc, JsonNode op, String contentType) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (String raw : List.of("", "null", "[]", "\"text\"", "12", "true", "{", "{\"a\":", "[" .repeat(20_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "[".repeat(5_000) + "]".repeat(5_000),
                "\"" + "x".repeat(2_000_000) + "\"", "{\"x\":\"" + "y".repeat(900_000) + "\"}")) {
            bodies.add(raw.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(INVALID_UTF8);
        Map<String, JsonNode> properties = properties(doc, op.path("requestBody").path("content").path(contentType)
                .path("schema"));
        if (contentType.contains("form")) {
            for (String value : List.of(SQL, TRAVERSAL, "%C3%28", "%00", "x".repeat(100_000))) {
                StringBuilder form = new StringBuilder();
                properties.keySet().forEach(name -> form.append(name).append('=').append(value).append('&'));
                bodies.add(form.toString().getBytes(StandardCharsets.UTF_8));
            }
            return bodies;
        }
        List<Object> wrongs = List.of(12345, -1, 1.5e300, true, List.of(1, 2), Map.of("nested", Map.of("a", 1)), SQL,
                TRAVERSAL, "\u0000", "x".repeat(100_000), "\uD800", "");
        for (Object wrong : wrongs) {
            ObjectNode body = JSON.createObjectNode();
            properties.keySet().forEach(name -> body.set(name, JSON.valueToTree(wrong)));
            bodies.add(JSON.writeValueAsBytes(body));
        }
        // SQL and path meta characters where a string is expected, everything else plausible.
        ObjectNode plausible = JSON.createObjectNode();
        properties.forEach((name, schema) -> plausible.set(name, JSON.valueToTree(plausible(name, schema))));
        bodies.add(JSON.writeValueAsBytes(plausible));
        return bodies;
    }

    private static Object plausible(String name, JsonNode schema) {
        String type = schema.path("type").asText(schema.path("anyOf").path(0).path("type").asText("string"));
        return switch (type) {
            case "boolean" -> false;
            case "integer", "number" -> 0;
            default -> name.contains("email") ? "a'b;--@example.com" : name.contains("password") ? SQL + "pad" : SQL;
        };
    }

    /** The properties of a (referenced) object schema. */
    private static Map<String, JsonNode> properties(JsonNode doc, JsonNode schema) {
        JsonNode resolved = schema;
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            resolved = doc.path("components").path("schemas").path(name);
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        resolved.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        return properties;
    }

    private static String fill(String template, List<String> params, String value) {
        String path = template;
        for (String p : params) {
            path = path.replace("{" + p + "}", value);
        }
        return path;
    }

    /** One raw request (no client-side encoding: the bytes and the URL go out as generated), and its checks. */
    private void call(String method, String path, String token, String contentType, byte[] body, boolean authorized)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", token.startsWith("Bearer") || token.startsWith("Basic") ? token
                    : "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        boolean write = !method.equals("GET");
        long before = write ? checksum() : 0;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException closed) {
            // The server may close the connection on a body it refuses to read (over the size limit) before the
            // client has sent it all: a refusal, not an error. Anything else dropped is a failure.
            requests++;
            if (body == null || body.length < 1_000_000) {
                failures.add("connection failed for " + method + " " + abbreviate(path) + ": " + closed);
            }
            return;
        }
        requests++;
        int status = response.statusCode();
        String text = response.body();
        String what = method + " " + abbreviate(path) + (body == null ? "" : " body " + abbreviate(new String(body,
                StandardCharsets.UTF_8))) + (authorized ? "" : " token " + abbreviate(String.valueOf(token)));
        if (status >= 500) {
            failures.add(status + " for " + what + ": " + abbreviate(text));
        }
        if (STACK_TRACE.matcher(text).find()) {
            failures.add("stack trace for " + what + ": " + abbreviate(text));
        }
        if (write && status >= 400 && checksum() != before) {
            failures.add("refused (" + status + ") but wrote: " + what);
        }
    }

    /** A fingerprint of every row of users and items. */
    private long checksum() {
        return pool.query("SELECT (SELECT coalesce(sum(hashtext(u::text)), 0) FROM users u) "
                        + "+ (SELECT coalesce(sum(hashtext(i::text)), 0) FROM items i) AS c").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("c");
    }

    private static List<String> badTokens(String userId) {
        Instant exp = Instant.now().plusSeconds(600);
        String forged = JWT.create().withSubject(userId).withClaim("purpose", "access").withClaim("ver", 0)
                .withExpiresAt(exp).sign(Algorithm.HMAC256("not-the-service-secret-not-the-service-secret"));
        String none = JWT.create().withSubject(userId).withClaim("purpose", "access").withClaim("ver", 0)
                .withExpiresAt(exp).sign(Algorithm.none());
        List<String> tokens = new ArrayList<>();
        tokens.add(null);
        tokens.addAll(List.of("garbage", "a.b.c", forged, none, "Bearer", "Basic YWRtaW46Y2hhbmdldGhpcw==",
                "x".repeat(10_000), "eyJhbGciOiJIUzI1NiJ9.%C3%28.sig", "'" + SQL));
        return tokens;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + ")";
    }
}
