package dev.cutover.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.service.Concurrently;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A burst of logins against a budget of two hashes: the memory held never exceeds it, the rest get 503. */
@QuarkusTest
@TestProfile(HashingBudgetTest.TwoHashes.class)
class HashingBudgetTest {

    static final int HASH_KIB = 19456;
    static final int BUDGET_MIB = 40;

    public static class TwoHashes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cutover.argon2.memory-kib", "" + HASH_KIB, "cutover.argon2.iterations", "3",
                    "cutover.argon2.parallelism", "1", "cutover.argon2.memory-budget-mib", "" + BUDGET_MIB,
                    "cutover.argon2.memory-budget-wait", "PT0S");
        }
    }

    @Inject
    HashingBudget budget;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void aBurstOfLoginsStaysWithinTheBudgetAndTheRestAreToldToRetry() throws Exception {
        String email = "burst-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "burst password"))
                .post("/api/v1/users/signup").then().statusCode(200);

        List<Response> answers = Concurrently.run(24, () -> given().contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", "burst password").post("/api/v1/login/access-token"));

        assertThat(answers).extracting(Response::statusCode).containsOnly(200, 503).contains(200, 503);
        assertThat(answers).filteredOn(r -> r.statusCode() == 503).allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.<String>path("detail")).isEqualTo(HashingBudget.BUSY);
        });
        assertThat(budget.peakKib()).isLessThanOrEqualTo(BUDGET_MIB * 1024L);
        given().get(metrics).then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "cutover_password_hashing_refused_total"));
    }
}
