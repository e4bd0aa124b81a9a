package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every token issued before a password change, reset or deactivation ends with it, remembered (cached) or not. Each
 * token below is used once before the change, so it is in the cache of verified tokens when it is refused.
 */
@QuarkusTest
class TokensEndWithThePasswordTest {

    private static final String ME = "/api/v1/users/me";

    @Inject
    Pool pool;

    @Test
    void aPasswordChangeEndsEveryEarlierToken() {
        TestUsers.Account user = newUser();
        String second = TestUsers.login(user.email(), PASSWORD);
        user.request().get(ME).then().statusCode(200);
        as(second).get(ME).then().statusCode(200);
        user.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", "a new password here"))
                .patch(ME + "/password").then().statusCode(200);
        user.request().get(ME).then().statusCode(403).body("detail", equalTo("Could not validate credentials"));
        as(second).get(ME).then().statusCode(403);
        as(TestUsers.login(user.email(), "a new password here")).get(ME).then().statusCode(200);
    }

    @Test
    void aPasswordSetByASuperuserEndsTheUsersTokens() {
        TestUsers.Account user = newUser();
        user.request().get(ME).then().statusCode(200);
        as(superuserToken()).contentType(ContentType.JSON).body(Map.of("password", "set by the admin"))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get(ME).then().statusCode(403);
    }

    @Test
    void aDeactivationEndsTokensForGoodEvenAfterReactivation() {
        TestUsers.Account user = newUser();
        user.request().get(ME).then().statusCode(200);
        String admin = superuserToken();
        as(admin).contentType(ContentType.JSON).body(Map.of("is_active", false))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get(ME).then().statusCode(400).body("detail", equalTo("Inactive user"));
        as(admin).contentType(ContentType.JSON).body(Map.of("is_active", true))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get(ME).then().statusCode(403).body("detail", equalTo("Could not validate credentials"));
        as(TestUsers.login(user.email(), PASSWORD)).get(ME).then().statusCode(200);
    }

    /**
     * Another instance (or the previous release during a rollout, or psql) changes the password: this instance has
     * the token cached, and still refuses it at the next request, because the user row it reads anyway says so.
     */
    @Test
    void aChangeMadeElsewhereEndsATokenThisInstanceRemembers() {
        TestUsers.Account user = newUser();
        user.request().get(ME).then().statusCode(200);
        pool.preparedQuery("UPDATE users SET hashed_password = hashed_password || $2 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(user.id()), "x")).await().atMost(Duration.ofSeconds(10));
        user.request().get(ME).then().statusCode(403);
    }

    @Test
    void anUpdateThatLeavesPasswordAndActivityAloneKeepsTokens() {
        TestUsers.Account user = newUser();
        user.request().contentType(ContentType.JSON).body(Map.of("full_name", "Renamed"))
                .patch(ME).then().statusCode(200);
        as(superuserToken()).contentType(ContentType.JSON).body(Map.of("is_superuser", false, "is_active", true))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get(ME).then().statusCode(200).body("full_name", equalTo("Renamed"));
    }
}
