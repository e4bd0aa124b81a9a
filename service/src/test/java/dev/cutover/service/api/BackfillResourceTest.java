package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BackfillResourceTest {

    private static final String BACKFILLS = "/api/v1/backfills/";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    Pool pool;

    @Test
    void onlySuperusersSeeBackfills() {
        given().get(BACKFILLS).then().statusCode(401).body("detail", equalTo("Not authenticated"));
        TestUsers.newUser().request().get(BACKFILLS).then().statusCode(403)
                .body("detail", equalTo("The user doesn't have enough privileges"));
        TestUsers.newUser().request().post(BACKFILLS + "users_email_normalized/start").then().statusCode(403);
    }

    @Test
    void unknownNamesAre404() {
        String token = TestUsers.superuserToken();
        TestUsers.as(token).get(BACKFILLS + "nope").then().statusCode(404).body("detail", equalTo("Backfill not found"));
        TestUsers.as(token).post(BACKFILLS + "nope/pause").then().statusCode(404)
                .body("detail", equalTo("Backfill not found"));
    }

    @Test
    void startedBackfillIsRunByTheServiceWorkers() throws Exception {
        String token = TestUsers.superuserToken();
        // Dev and test start migrate with the backfill run inline; make rows wrong again and forget the job, so the
        // service's workers have work to do.
        pool.query("DELETE FROM cutover.backfill_jobs WHERE name = 'users_email_normalized'").execute()
                .chain(() -> pool.query("UPDATE users SET email_normalized = 'stale-' || id").execute())
                .await().atMost(Duration.ofSeconds(10));
        TestUsers.as(token).get(BACKFILLS).then().statusCode(200).body("name", hasItem("users_email_normalized"));
        TestUsers.as(token).post(BACKFILLS + "users_email_normalized/start").then().statusCode(200)
                .body("name", equalTo("users_email_normalized")).body("table", equalTo("users"))
                .body("status", is(oneOf("running", "completed")));

        String status = "running";
        for (int i = 0; i < 100 && !status.equals("completed"); i++) {
            Thread.sleep(100);
            status = TestUsers.as(token).get(BACKFILLS + "users_email_normalized").then().statusCode(200)
                    .extract().path("status");
        }
        TestUsers.as(token).get(BACKFILLS + "users_email_normalized").then().statusCode(200)
                .body("status", equalTo("completed")).body("percent", equalTo(100.0f))
                .body("last_error", equalTo(null));

        long stale = pool.query("SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email))")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        org.assertj.core.api.Assertions.assertThat(stale).isZero();
        TestUsers.as(token).post(BACKFILLS + "users_email_normalized/pause").then().statusCode(409)
                .body("detail", equalTo("backfill users_email_normalized is completed: cannot make it paused"));
        given().get(metrics).then().statusCode(200)
                .body(containsString("cutover_backfill_keys_scanned_total{backfill=\"users_email_normalized\"}"))
                .body(containsString("cutover_backfill_batch_duration_seconds_count{backfill=\"users_email_normalized\"}"))
                .body(containsString("cutover_backfill_throttled{backfill=\"users_email_normalized\"}"));
    }
}
