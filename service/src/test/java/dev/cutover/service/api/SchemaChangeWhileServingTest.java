package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service keeps answering when a migration adds a column, with its prepared-statement cache on. A cached
 * {@code SELECT *} breaks at that moment ("cached plan must not change result type"); the service names its columns.
 */
@QuarkusTest
class SchemaChangeWhileServingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void addingAColumnBreaksSelectStarButNotTheService() {
        String token = TestUsers.newUser().token();
        for (int i = 0; i < 50; i++) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/users/me").then().statusCode(200);
        }
        String failure = pool.withConnection(conn -> conn.preparedQuery("SELECT * FROM users LIMIT 1").execute()
                .chain(() -> conn.query("ALTER TABLE users ADD COLUMN added_while_serving text").execute())
                .chain(() -> conn.preparedQuery("SELECT * FROM users LIMIT 1").execute())
                .map(rows -> "no failure")
                .onFailure().recoverWithItem(Throwable::getMessage))
                .await().atMost(WAIT);
        try {
            assertThat(failure).contains("cached plan must not change result type");
            for (int i = 0; i < 50; i++) {
                given().header("Authorization", "Bearer " + token).get("/api/v1/users/me").then().statusCode(200);
                given().header("Authorization", "Bearer " + token).post("/api/v1/login/test-token").then().statusCode(200);
            }
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body("{\"full_name\": \"still writable\"}").patch("/api/v1/users/me").then().statusCode(200);
        } finally {
            pool.query("ALTER TABLE users DROP COLUMN IF EXISTS added_while_serving").execute().await().atMost(WAIT);
        }
        given().header("Authorization", "Bearer " + token).get("/api/v1/users/me").then().statusCode(200);
    }
}
