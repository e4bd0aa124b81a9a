package dev.cutover.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.service.config.ServiceConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Argon2 library loads on first use, not at start: the very first request of a process, a login with an unknown
 * email, must still spend a decoy hash at the configured cost (within the budget), or its answer time would tell
 * that the email is unknown.
 */
@QuarkusTest
@TestProfile(FirstLoginDecoyTest.FreshProcess.class)
class FirstLoginDecoyTest {

    /** A profile of its own, so the application starts afresh and this test makes its first request. */
    public static class FreshProcess implements QuarkusTestProfile {
    }

    @Inject
    HashingBudget budget;
    @Inject
    ServiceConfig config;

    @Test
    void theFirstLoginWithAnUnknownEmailSpendsADecoyHash() {
        assertThat(budget.peakKib()).as("nothing hashed within the budget before the first request").isZero();

        given().contentType(ContentType.URLENC).formParam("username", "nobody-" + UUID.randomUUID() + "@example.com")
                .formParam("password", "whatever password").post("/api/v1/login/access-token")
                .then().statusCode(400).body("detail", equalTo("Incorrect email or password"));

        assertThat(budget.peakKib()).as("the decoy reserved the configured memory cost")
                .isEqualTo(config.argon2().memoryKib());
    }
}
