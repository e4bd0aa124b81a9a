package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.randomEmail;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginResourceTest {

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    void clearMailbox() {
        mailbox.clear();
    }

    @Test
    void loginReturnsABearerToken() {
        String email = randomEmail();
        TestUsers.signup(email, PASSWORD);
        given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", PASSWORD)
                .post("/api/v1/login/access-token")
                .then().statusCode(200)
                .body("token_type", equalTo("bearer"))
                .body("access_token", notNullValue());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = randomEmail();
        TestUsers.signup(email, PASSWORD);
        for (String username : List.of(email, randomEmail())) {
            given().contentType(ContentType.URLENC).formParam("username", username).formParam("password", "wrong password")
                    .post("/api/v1/login/access-token")
                    .then().statusCode(400).body("detail", equalTo("Incorrect email or password"));
        }
    }

    @Test
    void inactiveUserCannotLogIn() {
        TestUsers.Account user = newUser();
        as(superuserToken()).contentType(ContentType.JSON).body(Map.of("is_active", false))
                .patch("/api/v1/users/" + user.id()).then().statusCode(200).body("is_active", is(false));
        given().contentType(ContentType.URLENC).formParam("username", user.email()).formParam("password", PASSWORD)
                .post("/api/v1/login/access-token")
                .then().statusCode(400).body("detail", equalTo("Inactive user"));
        user.request().get("/api/v1/users/me").then().statusCode(400).body("detail", equalTo("Inactive user"));
    }

    @Test
    void missingFormFieldsAre422() {
        given().contentType(ContentType.URLENC).formParam("username", "someone@example.com")
                .post("/api/v1/login/access-token")
                .then().statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].type", equalTo("missing"))
                .body("detail[0].loc", equalTo(List.of("body", "password")))
                .body("detail[0].msg", equalTo("Field required"));
    }

    @Test
    void testTokenReturnsTheUser() {
        TestUsers.Account user = newUser();
        user.request().post("/api/v1/login/test-token")
                .then().statusCode(200).body("email", equalTo(user.email())).body("id", equalTo(user.id()));
    }

    @Test
    void recoveryAnswersTheSameForUnknownEmailsAndSendsNothing() {
        given().post("/api/v1/password-recovery/" + randomEmail())
                .then().statusCode(200)
                .body("message", equalTo("If that email is registered, we sent a password recovery link"));
        assertThat(mailbox.getTotalMessagesSent()).isZero();
    }

    @Test
    void recoveryEmailLinkResetsThePassword() throws InterruptedException {
        TestUsers.Account user = newUser();
        given().post("/api/v1/password-recovery/" + user.email())
                .then().statusCode(200)
                .body("message", equalTo("If that email is registered, we sent a password recovery link"));

        String token = resetTokenSentTo(user.email());
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "a brand new password"))
                .post("/api/v1/reset-password/")
                .then().statusCode(200).body("message", equalTo("Password updated successfully"));

        TestUsers.login(user.email(), "a brand new password");
        given().contentType(ContentType.URLENC).formParam("username", user.email()).formParam("password", PASSWORD)
                .post("/api/v1/login/access-token").then().statusCode(400);
    }

    /** A reset token works once, and ends the access tokens issued before it, on every instance. */
    @Test
    void aResetTokenWorksOnceAndEndsEarlierAccessTokens() throws InterruptedException {
        TestUsers.Account user = newUser();
        user.request().get("/api/v1/users/me").then().statusCode(200);
        given().post("/api/v1/password-recovery/" + user.email()).then().statusCode(200);
        String token = resetTokenSentTo(user.email());
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "the first new password"))
                .post("/api/v1/reset-password/").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "the second new password"))
                .post("/api/v1/reset-password/").then().statusCode(400).body("detail", equalTo("Invalid token"));
        TestUsers.login(user.email(), "the first new password");
        user.request().get("/api/v1/users/me").then().statusCode(403)
                .body("detail", equalTo("Could not validate credentials"));
    }

    /** A password change spends the reset tokens sent before it. */
    @Test
    void aPasswordChangeSpendsAnOutstandingResetToken() throws InterruptedException {
        TestUsers.Account user = newUser();
        given().post("/api/v1/password-recovery/" + user.email()).then().statusCode(200);
        String token = resetTokenSentTo(user.email());
        user.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", "changed before the reset"))
                .patch("/api/v1/users/me/password").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "an attacker's password"))
                .post("/api/v1/reset-password/").then().statusCode(400).body("detail", equalTo("Invalid token"));
    }

    @Test
    void resetWithABadTokenIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("token", "not-a-token", "new_password", "whatever123"))
                .post("/api/v1/reset-password/")
                .then().statusCode(400).body("detail", equalTo("Invalid token"));
        // An access token is signed with the same key but names a user id, not an email.
        TestUsers.Account user = newUser();
        given().contentType(ContentType.JSON).body(Map.of("token", user.token(), "new_password", "whatever123"))
                .post("/api/v1/reset-password/")
                .then().statusCode(400).body("detail", equalTo("Invalid token"));
    }

    @Test
    void resetValidatesTheNewPassword() {
        given().contentType(ContentType.JSON).body(Map.of("token", "t", "new_password", "short"))
                .post("/api/v1/reset-password/")
                .then().statusCode(422)
                .body("detail[0].type", equalTo("string_too_short"))
                .body("detail[0].loc", equalTo(List.of("body", "new_password")));
    }

    @Test
    void superuserCanPreviewTheRecoveryEmail() {
        TestUsers.Account user = newUser();
        String html = as(superuserToken()).post("/api/v1/password-recovery-html-content/" + user.email())
                .then().statusCode(200).contentType(ContentType.HTML).extract().asString();
        assertThat(html).contains("reset-password?token=");
        user.request().post("/api/v1/password-recovery-html-content/" + user.email())
                .then().statusCode(403).body("detail", equalTo("The user doesn't have enough privileges"));
    }

    private String resetTokenSentTo(String email) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (mailbox.getMailsSentTo(email) == null || mailbox.getMailsSentTo(email).isEmpty()) {
            assertThat(Instant.now()).as("recovery email sent to %s", email).isBefore(deadline);
            Thread.sleep(20);
        }
        Mail mail = mailbox.getMailsSentTo(email).get(0);
        assertThat(mail.getSubject()).contains("Password recovery for user " + email);
        Matcher token = Pattern.compile("reset-password\\?token=([A-Za-z0-9._-]+)").matcher(mail.getHtml());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }
}
