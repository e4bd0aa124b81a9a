package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gets FastAPI's status and body, never a 500 or a stack trace. */
@QuarkusTest
class ErrorShapesTest {

    @Test
    void invalidFieldsAreListedInModelOrder() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "password", "short"))
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail[0].loc", equalTo(List.of("body", "email")))
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].msg", startsWith("value is not a valid email address"))
                .body("detail[0].input", equalTo("not-an-email"))
                .body("detail[1].loc", equalTo(List.of("body", "password")))
                .body("detail[1].type", equalTo("string_too_short"))
                .body("detail[1].msg", equalTo("String should have at least 8 characters"))
                .body("detail[1].ctx.min_length", equalTo(8));
    }

    @Test
    void tooLongValuesAreRefused() {
        String longLocal = "a".repeat(250) + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", longLocal, "password", "x".repeat(129)))
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                // EmailStr's own limit (254) comes before the field's max_length, as in pydantic.
                .body("detail.type", equalTo(List.of("value_error", "string_too_long")))
                .body("detail[0].msg", equalTo(
                        "value is not a valid email address: The email address is too long (8 characters too many)."));
    }

    @Test
    void missingFieldsAreFieldRequired() {
        given().contentType(ContentType.JSON).body(Map.of("email", "someone@example.com"))
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("missing"))
                .body("detail[0].loc", equalTo(List.of("body", "password")))
                .body("detail[0].msg", equalTo("Field required"));
    }

    @Test
    void missingBodyIsFieldRequired() {
        given().contentType(ContentType.JSON).post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("missing"))
                .body("detail[0].loc", equalTo(List.of("body")));
    }

    @Test
    void malformedJsonIsJsonInvalid() {
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("json_invalid"))
                .body("detail[0].msg", equalTo("JSON decode error"))
                .body("detail[0].loc[0]", equalTo("body"));
    }

    @Test
    void wrongJsonTypesNameTheField() {
        given().contentType(ContentType.JSON).body("{\"email\": \"a@example.com\", \"password\": 12345678}")
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("string_type"))
                .body("detail[0].loc", equalTo(List.of("body", "password")))
                .body("detail[0].input", equalTo(12345678));
        as(superuserToken()).contentType(ContentType.JSON).body("{\"is_active\": \"maybe\"}")
                .patch("/api/v1/users/me")
                .then().statusCode(200);
        as(superuserToken()).contentType(ContentType.JSON)
                .body("{\"email\": \"b@example.com\", \"password\": \"" + PASSWORD + "\", \"is_active\": \"maybe\"}")
                .post("/api/v1/users/")
                .then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", "is_active")))
                .body("detail[0].type", equalTo("bool_parsing"));
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        given().contentType(ContentType.JSON).body("[1, 2]")
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("model_attributes_type"))
                .body("detail[0].loc", equalTo(List.of("body")));
    }

    @Test
    void badQueryParametersAre422() {
        as(superuserToken()).get("/api/v1/users/?limit=abc&skip=-1")
                .then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail[0].loc", equalTo(List.of("query", "skip")))
                .body("detail[0].type", equalTo("greater_than_equal"))
                .body("detail[1].loc", equalTo(List.of("query", "limit")))
                .body("detail[1].type", equalTo("int_parsing"));
    }

    @Test
    void unknownRoutesAndMethodsAreFastApiShaped() {
        given().get("/api/v1/no-such-thing").then().statusCode(404).body("detail", equalTo("Not Found"));
        given().put("/api/v1/users/me").then().statusCode(405).body("detail", equalTo("Method Not Allowed"));
    }

    @Test
    void oversizedBodiesAre413() {
        given().contentType(ContentType.JSON).body("{\"email\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}")
                .post("/api/v1/users/signup")
                .then().statusCode(413).body("detail", equalTo("Request Entity Too Large"));
    }

    @Test
    void errorsNeverLeakStackTraces() {
        given().contentType(ContentType.JSON).body("{\"email\": {\"nested\": [1, {}]}, \"password\": null}")
                .post("/api/v1/users/signup")
                .then().statusCode(422)
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.cutover")));
    }
}
