package dev.cutover.service.schema;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The API's core paths against the schema at one step of the expand/contract example: the same build of the service
 * must be right at every step. Subclasses pick the step with a {@link SchemaAtVersion} profile.
 */
abstract class ApiAtSchemaVersionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    /** Whether this schema has the valid unique index that switches lookups to the normalized email. */
    protected abstract boolean normalizedReads();

    /** Whether this schema has the items table (V8 on). */
    protected boolean hasItems() {
        return false;
    }

    @Test
    void legacyUsersLogInWithTheirEmailAsStored() {
        for (String email : SchemaAtVersion.LEGACY_EMAILS) {
            login(email, SchemaAtVersion.LEGACY_PASSWORD).then().statusCode(200);
        }
    }

    @Test
    void loginIgnoresCaseOnlyOnceReadsAreSwitched() {
        int expected = normalizedReads() ? 200 : 400;
        login("LEGACY.TWO@EXAMPLE.COM", SchemaAtVersion.LEGACY_PASSWORD).then().statusCode(expected);
    }

    @Test
    void signupLoginReadAndUpdateWork() {
        // Stored as EmailStr gives it: the domain lower-cased, the local part (mixed case here) as typed.
        String email = "Step-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email.replace("@example", "@Example"),
                        "password", "step password"))
                .post("/api/v1/users/signup").then().statusCode(200).body("email", equalTo(email));
        String token = login(email, "step password").then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).get("/api/v1/users/me")
                .then().statusCode(200).body("email", equalTo(email));

        String changed = "Changed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("email", " " + changed.replace("@example", "@EXAMPLE"))).patch("/api/v1/users/me")
                .then().statusCode(200).body("email", equalTo(changed));
        assertNormalizedColumnIsRight();
    }

    @Test
    void duplicateSignupIsRefused() {
        int expected = normalizedReads() ? 400 : 200;
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "legacy.one@example.com", "password", "step password"))
                .post("/api/v1/users/signup").then().statusCode(expected);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "legacy.two@example.com", "password", "step password"))
                .post("/api/v1/users/signup").then().statusCode(400);
    }

    @Test
    void superuserListsEveryone() {
        String token = login("admin@example.com", "changethis").then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).get("/api/v1/users/?after=&limit=100")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/api/v1/users/")
                .then().statusCode(200);
    }

    @Test
    void itemsWorkAndGoWithTheirOwner() {
        Assumptions.assumeTrue(hasItems(), "no items table before V8");
        String email = "items-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String userId = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "step password"))
                .post("/api/v1/users/signup").then().statusCode(200).extract().path("id");
        String token = login(email, "step password").then().statusCode(200).extract().path("access_token");
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(0, given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("title", "item " + i)).post("/api/v1/items/")
                    .then().statusCode(200).extract().path("id"));
        }
        given().header("Authorization", "Bearer " + token).get("/api/v1/items/")
                .then().statusCode(200).body("count", equalTo(3)).body("data.id", equalTo(created));
        given().header("Authorization", "Bearer " + token).get("/api/v1/items/?after=&limit=2")
                .then().statusCode(200).body("data.id", equalTo(created.subList(0, 2)));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("title", "renamed")).put("/api/v1/items/" + created.get(0))
                .then().statusCode(200).body("title", equalTo("renamed"));

        String admin = login("admin@example.com", "changethis").then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + admin).get("/api/v1/items/?after=&limit=1000")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + admin).delete("/api/v1/users/" + userId).then().statusCode(200);
        given().header("Authorization", "Bearer " + admin).get("/api/v1/items/" + created.get(0))
                .then().statusCode(404).body("detail", equalTo("Item not found"));
    }

    private void assertNormalizedColumnIsRight() {
        Row exists = pool.query("SELECT count(*) AS n FROM information_schema.columns "
                + "WHERE table_name = 'users' AND column_name = 'email_normalized'").execute()
                .await().atMost(WAIT).iterator().next();
        if (exists.getLong("n") == 0) {
            return;
        }
        Row wrong = pool.query("SELECT count(*) AS n FROM users "
                + "WHERE email_normalized IS DISTINCT FROM lower(btrim(email))").execute()
                .await().atMost(WAIT).iterator().next();
        assertThat(wrong.getLong("n")).as("rows whose email_normalized is missing or stale").isZero();
    }

    private static io.restassured.response.Response login(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", password)
                .post("/api/v1/login/access-token");
    }
}
