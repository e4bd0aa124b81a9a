package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static dev.cutover.service.api.TestUsers.as;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token that verified once is remembered (Tokens), but what it grants still follows the user's row: each request
 * below reuses a token that has already been accepted.
 */
@QuarkusTest
class CachedTokensTest {

    @Test
    void aRememberedTokenStopsWorkingOnceItsUserIsDeactivated() {
        TestUsers.Account user = newUser();
        user.request().get("/api/v1/users/me").then().statusCode(200);
        as(superuserToken()).contentType(ContentType.JSON).body(Map.of("is_active", false))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get("/api/v1/users/me").then().statusCode(400).body("detail", equalTo("Inactive user"));
    }

    @Test
    void aRememberedTokenStopsWorkingOnceItsUserIsDeleted() {
        TestUsers.Account user = newUser();
        user.request().get("/api/v1/users/" + user.id()).then().statusCode(200);
        as(superuserToken()).delete("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get("/api/v1/users/" + user.id()).then().statusCode(404).body("detail", equalTo("User not found"));
    }

    @Test
    void aRememberedTokenLosesSuperuserRightsWithItsUser() {
        TestUsers.Account user = newUser();
        String admin = superuserToken();
        as(admin).contentType(ContentType.JSON).body(Map.of("is_superuser", true))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get("/api/v1/users/?limit=1").then().statusCode(200);
        as(admin).contentType(ContentType.JSON).body(Map.of("is_superuser", false))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200);
        user.request().get("/api/v1/users/?limit=1")
                .then().statusCode(403).body("detail", equalTo("The user doesn't have enough privileges"));
    }
}
