package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.service.api.errors.EmailStr;
import dev.cutover.service.users.SchemaFeatures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Emails are stored as the template's EmailStr gives them, and Java's normal form is the database trigger's. */
@QuarkusTest
class EmailsTest {

    @Inject
    Pool pool;

    @Test
    void signupStoresTheAddressAsEmailStrNormalizesIt() {
        String local = "Bob." + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + local + "@Example.COM\t", "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(200).body("email", equalTo(local + "@example.com"));
        TestUsers.login(local + "@example.com", TestUsers.PASSWORD);

        String international = "josé." + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", international + "@BÜCHER.de", "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(200).body("email", equalTo(international + "@bücher.de"));
    }

    @Test
    void longLocalPartsAreAcceptedAsByEmailValidator23() {
        String local = UUID.randomUUID().toString().replace("-", "").repeat(3).substring(0, 65);
        given().contentType(ContentType.JSON).body(Map.of("email", local + "@example.com", "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(200);
    }

    @Test
    void refusalsCarryEmailValidatorsReason() {
        given().contentType(ContentType.JSON).body(Map.of("email", "someone@example.local", "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(422)
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].loc", equalTo(List.of("body", "email")))
                .body("detail[0].input", equalTo("someone@example.local"))
                .body("detail[0].msg", equalTo("value is not a valid email address: The part after the @-sign is a "
                        + "special-use or reserved name that cannot be used with email."));
        String tooLong = "a".repeat(250) + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", tooLong, "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(422)
                .body("detail.msg", equalTo(List.of(
                        "value is not a valid email address: The email address is too long (8 characters too many).")));
        // What the user typed reaches the message, never the validator's message templates.
        given().contentType(ContentType.JSON).body(Map.of("email", "a@${1+1}.com", "password", TestUsers.PASSWORD))
                .post("/api/v1/users/signup").then().statusCode(422)
                .body("detail[0].msg", equalTo("value is not a valid email address: The part after the @-sign "
                        + "contains invalid characters: '$', '+', '{', '}'."));
    }

    @Test
    void profileAndAdminUpdatesNormalizeToo() {
        TestUsers.Account user = TestUsers.newUser();
        String changed = "Changed." + UUID.randomUUID().toString().substring(0, 8);
        user.request().contentType(ContentType.JSON).body(Map.of("email", " " + changed + "@EXAMPLE.org "))
                .patch("/api/v1/users/me").then().statusCode(200).body("email", equalTo(changed + "@example.org"));
        TestUsers.as(TestUsers.superuserToken()).contentType(ContentType.JSON)
                .body(Map.of("email", "Admin.Set." + changed + "@Example.NET"))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200)
                .body("email", equalTo("Admin.Set." + changed + "@example.net"));
    }

    /** lower(btrim(email)) as this database computes it (its collation, its Unicode), for every accepted address. */
    @Test
    void javasNormalFormIsTheTriggersForEveryAcceptedAddress() throws IOException {
        List<String> samples = new ArrayList<>();
        for (Map<String, String> row : dev.cutover.service.api.errors.EmailStrTest.table()) {
            if (row.containsKey("email")) {
                samples.add(row.get("email"));
                samples.add("  " + row.get("email") + "  ");
            }
        }
        samples.addAll(List.of("ΟΔΥΣΣΕΥΣ@EXAMPLE.COM", "İSTANBUL@X.COM", "ǅ@X.COM", "ẞ@X.COM", "\tTab@X.com\t"));
        for (String email : samples) {
            String database = pool.preparedQuery("SELECT lower(btrim($1)) AS n").execute(Tuple.of(email))
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("n");
            assertThat(SchemaFeatures.normalize(email)).as("normal form of %s", email).isEqualTo(database);
        }
        assertThat(EmailStr.parse("Bob@Example.COM").email()).isEqualTo("Bob@example.com");
    }
}
