package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment the way the template's settings describe one: a frontend on its own domain (FRONTEND_HOST), more
 * origins in BACKEND_CORS_ORIGINS (as a JSON list, with a trailing slash), and no FASTAPI_ENV.
 */
@QuarkusTest
@TestProfile(TemplateSettingsTest.Deployed.class)
class TemplateSettingsTest {

    public static class Deployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("FRONTEND_HOST", "https://dashboard.example.com",
                    "BACKEND_CORS_ORIGINS", "[\"https://admin.example.com/\", \"http://localhost:3000\"]",
                    "%test.cutover.fastapi-env", "none");
        }
    }

    @Test
    void theFrontendHostIsAllowedWithoutBeingListedTwice() {
        for (String origin : new String[] {"https://dashboard.example.com", "https://admin.example.com",
                "http://localhost:3000"}) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .options("/api/v1/login/access-token").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(origin))
                    .header("Access-Control-Allow-Credentials", equalTo("true"));
            given().header("Origin", origin).get("/api/v1/utils/health-check/").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(origin));
        }
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "https://evil.example.com").get("/api/v1/utils/health-check/")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:5173").get("/api/v1/utils/health-check/")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void withoutFastapiEnvThePrivateApiIsNotThere() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "x@example.com", "password", "password123", "full_name", "X"))
                .post("/api/v1/private/users/").then().statusCode(404).body("detail", equalTo("Not Found"));
    }
}
