package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.migrations.testing.ScratchDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's database behind a relay the test cuts: while it is unreachable every request is answered 503 in
 * FastAPI's shape, and the service recovers by itself when it is back.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class DatabaseOutageTest {

    /** The proxy's switches, as JDK types: the profile and the test may live in different class loaders. */
    private static final String CUT = "cutover.test.db-proxy.cut";
    private static final String RESTORE = "cutover.test.db-proxy.restore";
    private static final String OVERRIDES = "cutover.test.db-proxy.overrides";

    public static class ThroughProxy implements QuarkusTestProfile {
        @SuppressWarnings("unchecked")
        @Override
        public Map<String, String> getConfigOverrides() {
            synchronized (System.getProperties()) {
                // Quarkus may ask more than once: one database and one proxy per JVM.
                Object overrides = System.getProperties().get(OVERRIDES);
                if (overrides == null) {
                    overrides = start();
                    System.getProperties().put(OVERRIDES, overrides);
                }
                return Map.copyOf((Map<String, String>) overrides);
            }
        }

        private static Map<String, String> start() {
            ScratchDatabase db = ScratchDatabase.create("outage");
            try {
                TcpProxy proxy = new TcpProxy(db.host(), db.port(), 8200, 8299);
                System.getProperties().put(CUT, (Runnable) () -> run(proxy::cut));
                System.getProperties().put(RESTORE, (Runnable) () -> run(proxy::restore));
                return Map.of(
                        "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/" + db.name(),
                        "quarkus.datasource.username", db.user(),
                        "quarkus.datasource.password", db.password() == null ? "" : db.password());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private interface IoAction {
            void run() throws IOException;
        }

        private static void run(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void whileTheDatabaseIsUnreachableRequestsAre503AndTheServiceRecoversByItself() throws Exception {
        TestUsers.Account user = TestUsers.newUser();
        user.request().get("/api/v1/users/me").then().statusCode(200);

        proxy(CUT);
        try {
            user.request().get("/api/v1/users/me").then().statusCode(503).header("Retry-After", "1")
                    .body("detail", equalTo("Database unavailable, retry shortly"));
            given().contentType(ContentType.URLENC).formParam("username", user.email()).formParam("password", PASSWORD)
                    .post("/api/v1/login/access-token").then().statusCode(503)
                    .body("detail", equalTo("Database unavailable, retry shortly"));
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", TestUsers.randomEmail(), "password", PASSWORD))
                    .post("/api/v1/users/signup").then().statusCode(503);
            as(user.token()).contentType(ContentType.JSON).body(Map.of("full_name", "During Outage"))
                    .patch("/api/v1/users/me").then().statusCode(503);
        } finally {
            proxy(RESTORE);
        }

        Instant deadline = Instant.now().plusSeconds(20);
        while (user.request().get("/api/v1/users/me").statusCode() != 200) {
            assertThat(Instant.now()).as("the service reconnects").isBefore(deadline);
            Thread.sleep(100);
        }
        TestUsers.login(user.email(), PASSWORD);
        user.request().get("/api/v1/users/me").then().statusCode(200).body("full_name", equalTo("Test User"));
    }

    private static void proxy(String action) {
        ((Runnable) System.getProperties().get(action)).run();
    }
}
