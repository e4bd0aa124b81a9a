package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without FASTAPI_ENV=development the private API does not exist, whatever the request carries. */
@QuarkusTest
@TestProfile(PrivateApiOffTest.NotDevelopment.class)
class PrivateApiOffTest {

    /** FASTAPI_ENV as a production .env leaves it (the variable surefire sets is overridden here). */
    public static class NotDevelopment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cutover.fastapi-env", "production");
        }
    }

    @Test
    void everyRequestIs404BeforeItsBodyIsRead() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/private/users/").then().statusCode(404)
                .body("detail", equalTo("Not Found"));
        given().contentType(ContentType.JSON).body("not json").post("/api/v1/private/users/").then().statusCode(404)
                .body("detail", equalTo("Not Found"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", TestUsers.randomEmail(), "password", "password123", "full_name", "X"))
                .post("/api/v1/private/users/").then().statusCode(404).body("detail", equalTo("Not Found"));
        given().get("/api/v1/private/users/").then().statusCode(404);
        given().post("/api/v1/private/users").then().statusCode(404);
    }

    @Test
    void theOpenApiDocumentDoesNotListIt() {
        given().get("/api/v1/openapi.json").then().statusCode(200)
                .body(not(containsString("/api/v1/private"))).body(not(containsString("private-create_user")))
                .body(containsString("/api/v1/users/"));
    }
}
