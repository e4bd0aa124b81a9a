package dev.cutover.service.backfill;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import dev.cutover.service.api.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backfill control answers on the management port only; the API port does not know it, whoever asks. */
@QuarkusTest
class BackfillOperatorRoutesTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;
    @TestHTTPResource(value = "/backfills/", management = true)
    URL backfills;

    @Inject
    Pool pool;

    @Test
    void theApiPortHasNoBackfillsEvenForSuperusers() {
        String token = TestUsers.superuserToken();
        for (String path : List.of("/api/v1/backfills/", "/api/v1/backfills/users_email_normalized",
                "/q/backfills/")) {
            given().get(path).then().statusCode(404);
            TestUsers.as(token).get(path).then().statusCode(404);
        }
        TestUsers.as(token).post("/api/v1/backfills/users_email_normalized/pause").then().statusCode(404);
        given().get("/api/v1/openapi.json").then().statusCode(200).body(not(containsString("backfill")));
    }

    @Test
    void unknownNamesAre404() {
        given().get(backfills + "nope").then().statusCode(404).body("detail", equalTo("Backfill not found"));
        given().post(backfills + "nope/pause").then().statusCode(404).body("detail", equalTo("Backfill not found"));
    }

    @Test
    void startedBackfillIsRunByTheServiceWorkers() throws Exception {
        // Dev and test start migrate with the backfill run inline; make rows wrong again and forget the job, so the
        // service's workers have work to do.
        pool.query("DELETE FROM cutover.backfill_jobs WHERE name = 'users_email_normalized'").execute()
                .chain(() -> pool.query("UPDATE users SET email_normalized = 'stale-' || id").execute())
                .await().atMost(Duration.ofSeconds(10));
        given().get(backfills).then().statusCode(200).body("name", hasItem("users_email_normalized"));
        given().post(backfills + "users_email_normalized/start").then().statusCode(200)
                .body("name", equalTo("users_email_normalized")).body("table", equalTo("users"))
                .body("status", is(oneOf("running", "completed")));

        String status = "running";
        for (int i = 0; i < 100 && !status.equals("completed"); i++) {
            Thread.sleep(100);
            status = given().get(backfills + "users_email_normalized").then().statusCode(200)
                    .extract().path("status");
        }
        given().get(backfills + "users_email_normalized").then().statusCode(200)
                .body("status", equalTo("completed")).body("percent", equalTo(100.0f))
                .body("last_error", equalTo(null));

        long stale = pool.query("SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email))")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        org.assertj.core.api.Assertions.assertThat(stale).isZero();
        given().post(backfills + "users_email_normalized/pause").then().statusCode(409)
                .body("detail", equalTo("backfill users_email_normalized is completed: cannot make it paused"));
        given().get(metrics).then().statusCode(200)
                .body(containsString("cutover_backfill_keys_scanned_total{backfill=\"users_email_normalized\"}"))
                .body(containsString("cutover_backfill_batch_duration_seconds_count{backfill=\"users_email_normalized\"}"))
                .body(containsString("cutover_backfill_throttled{backfill=\"users_email_normalized\"}"));
    }
}
