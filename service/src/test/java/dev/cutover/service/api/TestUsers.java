package dev.cutover.service.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Users and tokens for tests, made through the API itself. Every email is new, so tests never collide. */
public final class TestUsers {

    public static final String SUPERUSER = "admin@example.com";
    public static final String SUPERUSER_PASSWORD = "changethis";
    public static final String PASSWORD = "correct horse battery";

    private TestUsers() {
    }

    public static String randomEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", password)
                .post("/api/v1/login/access-token")
                .then().statusCode(200).extract().path("access_token");
    }

    public static String superuserToken() {
        return login(SUPERUSER, SUPERUSER_PASSWORD);
    }

    /** Signs up a new user and returns its id. */
    public static String signup(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "full_name", "Test User"))
                .post("/api/v1/users/signup")
                .then().statusCode(200).extract().path("id");
    }

    /** A new normal user: its id and token. */
    public static Account newUser() {
        String email = randomEmail();
        String id = signup(email, PASSWORD);
        return new Account(id, email, login(email, PASSWORD));
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public record Account(String id, String email, String token) {
        public RequestSpecification request() {
            return as(token);
        }
    }
}
