package dev.cutover.service.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.sql.MigrationFile;
import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.service.PackagedService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every schema state that {@code cutover migrate} and {@code cutover adopt} can stop in answers the request script as
 * the final schema does: no 5xx anywhere, the same status for every request, the same re-hash on login; adopted
 * states before the contract also take the FastAPI template's own SQL.
 *
 * <p>Each state gets the packaged service started on it as a process of its own ({@link PackagedService}), as a pod
 * restarted mid-rollout starts. Measured on this project's 2-core machine: a start costs about 4.5-5 s of CPU with the
 * class-data archive, C1 only and the serial GC (10-12 s as plain {@code java -jar}), the script about 2.5 s more, so
 * the 38 services of the matrix and its mutation check use about 280 s of CPU: 2.5-3 min on two idle cores, 5 min
 * while other builds loaded the machine (load average 8-16). A {@code @QuarkusTest} profile per state restarts
 * Quarkus in this JVM at a higher cost (15-25 s per profile in the same runs), and one service whose database is
 * swapped under it would carry what it learnt of one state (schema features, verified tokens, pooled connections)
 * into the next and never show a start on a state. Two states run at a time: a start is mostly one thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateMatrixIT {

    private static final int LANES = 2;
    /** The migration whose removal restores V3's old behaviour. */
    private static final String WITHOUT = "V2_1";
    /**
     * The class-data archive {@code package} made (as the image's launcher passes it), and a JVM tuned for a short
     * run: both only make the start faster. The mail goes to Quarkus' mock mailbox.
     */
    private static final String[] JVM_OPTIONS = {"-XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa",
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.mailer.mock=true",
            "-Dquarkus.profile=matrix"};

    private List<LegacyRows.LegacyUser> legacy;
    private List<SchemaState> migrate;
    private List<SchemaState> adopt;
    private Map<SchemaState, List<Outcome>> results;

    @BeforeAll
    void serveEveryState() throws Exception {
        long start = System.nanoTime();
        legacy = LegacyRows.users();
        migrate = StateWalk.migrate(Migrations.LOCATION, legacy).states(null);
        adopt = StateWalk.adopt(Migrations.LOCATION, legacy).states(null);
        long prepared = System.nanoTime();
        List<SchemaState> all = new ArrayList<>(migrate);
        all.addAll(adopt);
        results = runAll(all, legacy);
        System.out.printf("state matrix: %d states prepared in %.1f s, served in %.1f s: %s%n", all.size(),
                (prepared - start) / 1e9, (System.nanoTime() - prepared) / 1e9,
                String.join("; ", all.stream().map(SchemaState::name).toList()));
    }

    @Test
    void everyStateAnswersAsTheFinalSchema() {
        List<String> failures = new ArrayList<>();
        failures.addAll(compare(migrate, results));
        failures.addAll(compare(adopt, results));
        assertThat(failures).as("requests that a schema state answers otherwise than the final schema").isEmpty();
    }

    /**
     * The matrix can fail: on a copy of the migrations without V2.1 (V3's CHECK as it first shipped, with the trigger
     * firing only on updates of the email), V3 with the backfill at 0 % breaks writes of the rows it has not reached.
     */
    @Test
    void failsOnV3WithoutTheTriggerOfEveryUpdate(@TempDir Path copy) throws Exception {
        List<MigrationFile> shipped = MigrationFiles.fromLocations(List.of(Migrations.LOCATION));
        Path folder = Files.createDirectories(copy.resolve("migration"));
        boolean removed = false;
        for (MigrationFile file : shipped) {
            String name = Path.of(file.name()).getFileName().toString();
            if (name.startsWith(WITHOUT + "__")) {
                removed = true;
            } else {
                Files.writeString(folder.resolve(name), file.sql());
            }
        }
        assertThat(removed).as("the shipped migrations have " + WITHOUT).isTrue();
        SchemaState v3 = StateWalk.migrate("filesystem:" + folder, legacy).states("V3").stream()
                .filter(s -> s.step().equals("V3") && s.percent() == 0).findFirst().orElseThrow();
        List<Outcome> got = serve(v3, legacy);
        List<String> failures = compare(v3, results.get(migrate.get(migrate.size() - 1)), got);
        System.out.println("state matrix, mutation check (without " + WITHOUT + "): " + failures.size()
                + " failure(s)\n  " + String.join("\n  ", failures));
        assertThat(failures).as("what the matrix reports on V3 without " + WITHOUT)
                .anySatisfy(f -> assertThat(f).contains("[users-update_user]: 500"));
    }

    /** The outcomes of every state, each from a service of its own; the final state's also list the API's operations. */
    static Map<SchemaState, List<Outcome>> runAll(List<SchemaState> states, List<LegacyRows.LegacyUser> legacy)
            throws Exception {
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        try {
            Map<SchemaState, Future<List<Outcome>>> running = new LinkedHashMap<>();
            for (SchemaState state : states) {
                running.put(state, lanes.submit(() -> serve(state, legacy)));
            }
            Map<SchemaState, List<Outcome>> results = new LinkedHashMap<>();
            for (Map.Entry<SchemaState, Future<List<Outcome>>> e : running.entrySet()) {
                results.put(e.getKey(), e.getValue().get());
            }
            return results;
        } finally {
            lanes.shutdownNow();
        }
    }

    /** Failures of each state of one track against the track's last state, all of them, state by state. */
    static List<String> compare(List<SchemaState> track, Map<SchemaState, List<Outcome>> results) {
        SchemaState last = track.get(track.size() - 1);
        List<Outcome> reference = results.get(last);
        List<String> failures = new ArrayList<>(uncovered(last, reference));
        for (SchemaState state : track) {
            failures.addAll(compare(state, reference, results.get(state)));
        }
        return failures;
    }

    static List<String> compare(SchemaState state, List<Outcome> reference, List<Outcome> got) {
        Map<String, Outcome> expected = new LinkedHashMap<>();
        reference.forEach(o -> expected.put(o.label(), o));
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Outcome o : got) {
            seen.add(o.label());
            Outcome want = expected.get(o.label());
            if (o.serverError()) {
                failures.add(state.name() + ": " + o.describe());
            } else if (o.expected() != null) {
                if (!o.expected().equals(o.result())) {
                    failures.add(state.name() + ": " + o.describe() + " (expected in this state: " + o.expected() + ")");
                }
            } else if (o.compared() && want != null && !want.result().equals(o.result())) {
                failures.add(state.name() + ": " + o.describe() + " (the final schema: " + want.result() + ")");
            } else if (want == null && o.compared()) {
                failures.add(state.name() + ": " + o.describe() + " (not in the final schema's run)");
            }
        }
        for (Outcome want : reference) {
            boolean noItems = want.label().startsWith(RequestScript.ITEMS) && !state.itemsTable();
            if (!seen.contains(want.label()) && !noItems && !want.operation().equals("openapi")) {
                failures.add(state.name() + ": " + want.label() + " [" + want.operation() + "] was not run");
            }
        }
        return failures;
    }

    /** The operations of the OpenAPI document that the final state's script did not exercise. */
    private static List<String> uncovered(SchemaState last, List<Outcome> reference) {
        Set<String> exercised = new TreeSet<>();
        reference.forEach(o -> exercised.add(o.operation()));
        Set<String> documented = new TreeSet<>();
        reference.stream().filter(o -> o.operation().equals("openapi")).forEach(o -> documented.add(o.result()));
        assertThat(documented).as("operations of the OpenAPI document").isNotEmpty();
        documented.removeAll(exercised);
        return documented.stream().map(op -> last.name() + ": the script never calls " + op).toList();
    }

    private static List<Outcome> serve(SchemaState state, List<LegacyRows.LegacyUser> legacy) throws Exception {
        long start = System.nanoTime();
        try (PackagedService service = PackagedService.start(environment(state.db()), JVM_OPTIONS)) {
            long ready = System.nanoTime();
            List<Outcome> outcomes = RequestScript.run(service.uri(), state, legacy);
            outcomes.add(warmUp(service.output()));
            if (state.oldServiceRuns()) {
                outcomes.addAll(TemplateTraffic.replay(state.db()));
            }
            outcomes.addAll(operations(service.uri()));
            System.out.printf("state matrix: %s: service ready in %.1f s, %d requests and checks in %.1f s, "
                    + "service CPU %.1f s%n", state.name(), (ready - start) / 1e9, outcomes.size(),
                    (System.nanoTime() - ready) / 1e9, service.cpu().toMillis() / 1e3);
            return outcomes;
        }
    }

    /**
     * What the warm-up's requests answered, by status, before the service reported ready: the same at every state (200
     * for the reads and empty updates, 422 for the invalid sign-up and login), or a server error.
     */
    private static Outcome warmUp(String log) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("Warmed up in \\d+ ms: .* by status \\{([^}]*)\\}")
                .matcher(log);
        String result = line.find() ? line.group(1) : "ERROR: no warm-up in the service's log";
        if (result.matches("(.*\\D)?5\\d\\d=.*")) {
            result = "5xx in the warm-up: " + result;
        }
        return new Outcome("warm-up before readiness", "warm-up", result, null, true);
    }

    /**
     * The service as production configures it (DATABASE_URL, its own secrets, no migration at start, no backfill
     * worker), outside the prod profile only so the private API is served (FASTAPI_ENV=development, as the template's
     * .env). Argon2id at a cost far below production's keeps the script's dozens of hashes cheap; the legacy users'
     * bcrypt is re-hashed at any Argon2id cost, so their logins still write their row.
     */
    static Map<String, String> environment(ScratchDatabase db) {
        String credentials = db.user() + (db.password() == null || db.password().isEmpty() ? "" : ":" + db.password());
        return Map.ofEntries(
                Map.entry("DATABASE_URL", "postgresql://" + credentials + "@" + db.host() + ":" + db.port() + "/" + db.name()),
                Map.entry("SECRET_KEY", "state-matrix-secret-key"),
                Map.entry("FIRST_SUPERUSER", RequestScript.SUPERUSER),
                Map.entry("FIRST_SUPERUSER_PASSWORD", RequestScript.SUPERUSER_PASSWORD),
                Map.entry("MIGRATE_AT_START", "false"),
                Map.entry("BACKFILL_ENABLED", "false"),
                Map.entry("FASTAPI_ENV", "development"),
                Map.entry("EMAILS_FROM_EMAIL", "matrix@example.com"),
                Map.entry("ARGON2_MEMORY_KIB", "1024"),
                Map.entry("ARGON2_ITERATIONS", "1"),
                Map.entry("ARGON2_PARALLELISM", "1"),
                Map.entry("DATABASE_POOL_SIZE", "4"),
                // Two rounds, not production's ten: every state is checked to answer them, at a fraction of the time.
                Map.entry("WARM_UP_ROUNDS", "2"));
    }

    /** One outcome per operation of the service's OpenAPI document, its id as the result. */
    private static List<Outcome> operations(URI base) throws Exception {
        HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        List<Outcome> operations = new ArrayList<>();
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> paths = new ObjectMapper().readTree(doc.body())
                .path("paths").elements(); paths.hasNext(); ) {
            paths.next().elements().forEachRemaining(op -> {
                if (op.has("operationId")) {
                    operations.add(new Outcome("operation " + op.get("operationId").asText(), "openapi",
                            op.get("operationId").asText(), "", false));
                }
            });
        }
        return operations;
    }
}
