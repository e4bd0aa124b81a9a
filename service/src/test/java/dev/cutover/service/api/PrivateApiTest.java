package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's private API, on in the test profile as with its .env (FASTAPI_ENV=development). */
@QuarkusTest
class PrivateApiTest {

    @Test
    void createsAnActiveNormalUserWithoutAuthentication() {
        String email = TestUsers.randomEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "password123", "full_name", "Pollo Listo", "is_verified", true))
                .post("/api/v1/private/users/").then().statusCode(200)
                .body("email", equalTo(email)).body("full_name", equalTo("Pollo Listo"))
                .body("is_active", equalTo(true)).body("is_superuser", equalTo(false)).body("id", notNullValue());
        TestUsers.login(email, "password123");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "password123", "full_name", "Again"))
                .post("/api/v1/private/users/").then().statusCode(400)
                .body("detail", equalTo("The user with this email already exists in the system."));
    }

    @Test
    void itsBodyIsTheTemplates() {
        given().contentType(ContentType.JSON).body(Map.of("email", "x@example.com", "password", "password123"))
                .post("/api/v1/private/users/").then().statusCode(422)
                .body("detail[0].type", equalTo("missing")).body("detail[0].loc", equalTo(List.of("body", "full_name")));
    }
}
