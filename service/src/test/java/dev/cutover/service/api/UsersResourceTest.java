package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.randomEmail;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersResourceTest {

    @Test
    void superuserListsUsersNewestFirst() {
        TestUsers.Account older = newUser();
        TestUsers.Account newer = newUser();
        List<String> ids = as(superuserToken()).get("/api/v1/users/?skip=0&limit=2")
                .then().statusCode(200)
                .body("count", greaterThanOrEqualTo(3))
                .body("$", not(hasKey("next_cursor")))
                .extract().path("data.id");
        assertThat(ids).containsExactly(newer.id(), older.id());
    }

    @Test
    void keysetPagesWalkTheWholeListWithoutGapsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            newUser();
        }
        String token = superuserToken();
        List<String> offsetIds = as(token).get("/api/v1/users/?limit=1000").then().statusCode(200)
                .extract().path("data.id");
        List<String> keysetIds = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            var page = as(token).queryParam("after", cursor).queryParam("limit", 2).get("/api/v1/users/")
                    .then().statusCode(200).extract();
            keysetIds.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
        }
        assertThat(keysetIds).hasSizeGreaterThanOrEqualTo(6).isEqualTo(offsetIds);
    }

    @Test
    void listIsForSuperusersOnly() {
        newUser().request().get("/api/v1/users/")
                .then().statusCode(403).body("detail", equalTo("The user doesn't have enough privileges"));
        given().get("/api/v1/users/")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("detail", equalTo("Not authenticated"));
        as("not.a.jwt").get("/api/v1/users/")
                .then().statusCode(403).body("detail", equalTo("Could not validate credentials"));
    }

    @Test
    void listLimitIsBounded() {
        as(superuserToken()).get("/api/v1/users/?limit=1001")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("less_than_equal"))
                .body("detail[0].loc", equalTo(List.of("query", "limit")));
        as(superuserToken()).get("/api/v1/users/?after=garbage")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "after")));
    }

    @Test
    void superuserCreatesUsersAndDuplicatesAre400() {
        String email = randomEmail();
        String token = superuserToken();
        as(token).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "is_superuser", true, "full_name", "Boss"))
                .post("/api/v1/users/")
                .then().statusCode(200)
                .body("email", equalTo(email))
                .body("is_superuser", is(true))
                .body("is_active", is(true))
                .body("full_name", equalTo("Boss"))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("hashed_password")));
        as(token).contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v1/users/")
                .then().statusCode(400).body("detail", equalTo("The user with this email already exists in the system."));
        newUser().request().contentType(ContentType.JSON).body(Map.of("email", randomEmail(), "password", PASSWORD))
                .post("/api/v1/users/").then().statusCode(403);
    }

    @Test
    void signupCreatesANormalUserAndRefusesDuplicates() {
        String email = randomEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v1/users/signup")
                .then().statusCode(200)
                .body("email", equalTo(email))
                .body("is_superuser", is(false))
                .body("full_name", nullValue())
                .body("created_at", not(nullValue()));
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v1/users/signup")
                .then().statusCode(400).body("detail", equalTo("The user with this email already exists in the system"));
    }

    @Test
    void idsAreTimeOrderedUuidV7() {
        UUID first = UUID.fromString(newUser().id());
        UUID second = UUID.fromString(newUser().id());
        assertThat(first.version()).isEqualTo(7);
        assertThat(second.compareTo(first)).isPositive();
    }

    @Test
    void meReadsUpdatesAndDeletesTheCurrentUser() {
        TestUsers.Account user = newUser();
        user.request().get("/api/v1/users/me").then().statusCode(200).body("email", equalTo(user.email()));

        String newEmail = randomEmail();
        user.request().contentType(ContentType.JSON).body(Map.of("email", newEmail, "full_name", "Renamed"))
                .patch("/api/v1/users/me")
                .then().statusCode(200).body("email", equalTo(newEmail)).body("full_name", equalTo("Renamed"));
        Map<String, Object> clearName = new HashMap<>();
        clearName.put("full_name", null);
        user.request().contentType(ContentType.JSON).body(clearName).patch("/api/v1/users/me")
                .then().statusCode(200).body("full_name", nullValue()).body("email", equalTo(newEmail));

        user.request().delete("/api/v1/users/me")
                .then().statusCode(200).body("message", equalTo("User deleted successfully"));
        user.request().get("/api/v1/users/me").then().statusCode(404).body("detail", equalTo("User not found"));
    }

    @Test
    void changingMyEmailToATakenOneIs409() {
        TestUsers.Account user = newUser();
        TestUsers.Account other = newUser();
        user.request().contentType(ContentType.JSON).body(Map.of("email", other.email()))
                .patch("/api/v1/users/me")
                .then().statusCode(409).body("detail", equalTo("User with this email already exists"));
    }

    @Test
    void superuserCannotDeleteThemselves() {
        as(superuserToken()).delete("/api/v1/users/me")
                .then().statusCode(403).body("detail", equalTo("Super users are not allowed to delete themselves"));
        String adminId = as(superuserToken()).get("/api/v1/users/me").then().extract().path("id");
        as(superuserToken()).delete("/api/v1/users/" + adminId)
                .then().statusCode(403).body("detail", equalTo("Super users are not allowed to delete themselves"));
    }

    @Test
    void passwordChangeChecksTheCurrentPassword() {
        TestUsers.Account user = newUser();
        user.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", "not my password", "new_password", "another password"))
                .patch("/api/v1/users/me/password")
                .then().statusCode(400).body("detail", equalTo("Incorrect password"));
        user.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", PASSWORD))
                .patch("/api/v1/users/me/password")
                .then().statusCode(400).body("detail", equalTo("New password cannot be the same as the current one"));
        user.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", "another password"))
                .patch("/api/v1/users/me/password")
                .then().statusCode(200).body("message", equalTo("Password updated successfully"));
        TestUsers.login(user.email(), "another password");
    }

    @Test
    void usersReadThemselvesButNotOthers() {
        TestUsers.Account user = newUser();
        TestUsers.Account other = newUser();
        user.request().get("/api/v1/users/" + user.id()).then().statusCode(200).body("email", equalTo(user.email()));
        user.request().get("/api/v1/users/" + other.id())
                .then().statusCode(403).body("detail", equalTo("The user doesn't have enough privileges"));
        as(superuserToken()).get("/api/v1/users/" + other.id()).then().statusCode(200).body("id", equalTo(other.id()));
        as(superuserToken()).get("/api/v1/users/" + UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("User not found"));
    }

    @Test
    void theFirstAuthorizationHeaderIsTheOneThatCounts() {
        TestUsers.Account user = newUser();
        given().header("Authorization", "Bearer " + user.token()).header("Authorization", "Bearer not-a-token")
                .get("/api/v1/users/me").then().statusCode(200).body("id", equalTo(user.id()));
        given().header("Authorization", "Bearer not-a-token").header("Authorization", "Bearer " + user.token())
                .get("/api/v1/users/me").then().statusCode(403).body("detail", equalTo("Could not validate credentials"));
    }

    @Test
    void usersCannotChangeOrDeleteOthers() {
        TestUsers.Account user = newUser();
        TestUsers.Account other = newUser();
        user.request().contentType(ContentType.JSON).body(Map.of("full_name", "Hacked"))
                .patch("/api/v1/users/" + other.id()).then().statusCode(403);
        user.request().delete("/api/v1/users/" + other.id()).then().statusCode(403);
        as(superuserToken()).get("/api/v1/users/" + other.id()).then().statusCode(200).body("full_name", equalTo("Test User"));
    }

    @Test
    void superuserUpdatesOnlyTheFieldsSent() {
        TestUsers.Account user = newUser();
        String token = superuserToken();
        as(token).contentType(ContentType.JSON).body(Map.of("is_superuser", true, "password", "set by admin"))
                .patch("/api/v1/users/" + user.id())
                .then().statusCode(200)
                .body("is_superuser", is(true))
                .body("full_name", equalTo("Test User"))
                .body("email", equalTo(user.email()));
        TestUsers.login(user.email(), "set by admin");

        as(token).contentType(ContentType.JSON).body(Map.of("full_name", "x"))
                .patch("/api/v1/users/" + UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("The user with this id does not exist in the system"));
        as(token).contentType(ContentType.JSON).body(Map.of("email", TestUsers.SUPERUSER))
                .patch("/api/v1/users/" + user.id())
                .then().statusCode(409).body("detail", equalTo("User with this email already exists"));
    }

    @Test
    void superuserDeletesUsers() {
        TestUsers.Account user = newUser();
        String token = superuserToken();
        as(token).delete("/api/v1/users/" + user.id())
                .then().statusCode(200).body("message", equalTo("User deleted successfully"));
        as(token).delete("/api/v1/users/" + user.id()).then().statusCode(404).body("detail", equalTo("User not found"));
        as(token).get("/api/v1/users/" + user.id()).then().statusCode(404);
    }

    @Test
    void nonUuidUserIdIs422Not404() {
        as(superuserToken()).get("/api/v1/users/12345")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("uuid_parsing"))
                .body("detail[0].loc", equalTo(List.of("path", "user_id")))
                .body("detail[0].input", equalTo("12345"));
    }
}
