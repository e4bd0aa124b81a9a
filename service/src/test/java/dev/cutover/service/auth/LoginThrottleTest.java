package dev.cutover.service.auth;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.service.api.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test profile's limit: 5 failed logins per account from one address in 15 minutes (the address limit is off). */
@QuarkusTest
class LoginThrottleTest {

    private static final String LOGIN = "/api/v1/login/access-token";

    @TestHTTPResource("/")
    URL root;
    @Inject
    Pool pool;

    private static Response login(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", password)
                .post(LOGIN);
    }

    @Test
    void pastTheLimitEvenTheRightPasswordWaitsThenWorksAfterTheWindow() {
        TestUsers.Account user = newUser();
        for (int i = 0; i < 5; i++) {
            login(user.email(), "wrong password " + i).then().statusCode(400)
                    .body("detail", equalTo("Incorrect email or password"));
        }
        Response blocked = login(user.email(), PASSWORD);
        blocked.then().statusCode(429).body("detail", equalTo("Too many failed login attempts, try again later"));
        int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
        assertThat(retryAfter).isBetween(850, 900);
        // Case and spaces do not make another account.
        login(" " + user.email().toUpperCase() + " ", "wrong again").then().statusCode(429);

        // The window ends (moved into the past here, as 15 minutes would move it).
        pool.preparedQuery("UPDATE login_failures SET window_start = window_start - interval '16 minutes' "
                + "WHERE key LIKE $1").execute(Tuple.of("account:" + user.email().toLowerCase() + "|%"))
                .await().atMost(Duration.ofSeconds(10));
        login(user.email(), PASSWORD).then().statusCode(200);
    }

    @Test
    void aSuccessClearsTheAccountsFailures() {
        TestUsers.Account user = newUser();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                login(user.email(), "wrong password").then().statusCode(400);
            }
            login(user.email(), PASSWORD).then().statusCode(200);
        }
    }

    /** Failing on purpose from one address cannot lock the victim out: from another address the victim logs in. */
    @Test
    void anAttackerElsewhereCannotLockTheVictimOut() throws IOException {
        TestUsers.Account victim = newUser();
        for (int i = 0; i < 6; i++) {
            login(victim.email(), "guess " + i);
        }
        login(victim.email(), PASSWORD).then().statusCode(429);
        assertThat(loginFrom("127.0.0.2", victim.email(), PASSWORD)).startsWith("HTTP/1.1 200");
        assertThat(loginFrom("127.0.0.2", victim.email(), "wrong")).startsWith("HTTP/1.1 400");
    }

    @Test
    void unknownAccountsAreCountedToo() {
        String nobody = TestUsers.randomEmail();
        for (int i = 0; i < 5; i++) {
            login(nobody, "whatever").then().statusCode(400);
        }
        login(nobody, "whatever").then().statusCode(429);
    }

    /** A login over a socket bound to {@code source}, another client address on the loopback; the status line. */
    private String loginFrom(String source, String email, String password) throws IOException {
        String body = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", root.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + LOGIN + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
