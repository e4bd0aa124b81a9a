package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.PASSWORD;
import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.randomEmail;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.service.config.JdbcDatabase;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.cutover.service.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers and clients that give up: every request that reached its handler commits or fails as a whole,
 * unique emails are decided by the index (400/409, never 500), and updates of different fields do not undo each
 * other. Row locks taken by the test hold a request inside its transaction at a known point.
 */
@QuarkusTest
class RacesAndDisconnectsTest {

    /** Hibernate's unsafe-session assertion, Hibernate Reactive's "live transaction at close" and wrong-thread use. */
    private static final List<String> SESSION_MISUSE = List.of("HHH000099", "HR000090", "HR000069");

    @Inject
    JdbcDatabase database;
    @Inject
    MockMailbox mailbox;
    @TestHTTPResource("/")
    URL base;

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
        org.jboss.logging.Logger.getLogger("dev.cutover.test").warn("log capture works");
    }

    @AfterEach
    void noSessionMisuseLogged() {
        Logger.getLogger("").removeHandler(capture);
        synchronized (logged) {
            assertThat(logged).as("the capture sees the log").anyMatch(line -> line.contains("log capture works"));
            for (String code : SESSION_MISUSE) {
                assertThat(logged).noneMatch(line -> line.contains(code));
            }
            assertThat(logged).noneMatch(line -> line.contains("Request failed"));
        }
    }

    @Test
    void concurrentSignupsOfOneEmailGetOne200AndThe400() throws Exception {
        String email = randomEmail();
        List<Response> answers = Concurrently.run(16, () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "full_name", "Racer")).post("/api/v1/users/signup"));
        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() == 400).hasSize(15)
                .allSatisfy(r -> assertThat(r.<String>path("detail")).isEqualTo(UsersResource.EXISTS_ON_SIGNUP));
    }

    @Test
    void concurrentEmailChangesToOneEmailGetOne200AndThe409() throws Exception {
        String email = randomEmail();
        List<TestUsers.Account> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(newUser());
        }
        List<Response> answers = Concurrently.run(users.size(), new java.util.concurrent.Callable<>() {
            int next;

            @Override
            public synchronized Response call() {
                TestUsers.Account user = users.get(next++);
                return user.request().contentType(ContentType.JSON).body(Map.of("email", email)).patch("/api/v1/users/me");
            }
        });
        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() == 409).hasSize(7)
                .allSatisfy(r -> assertThat(r.<String>path("detail")).isEqualTo(UsersResource.EXISTS_ON_UPDATE));
    }

    @Test
    void anAdminDeactivatingAndAUserRenamingThemselvesAtOnceBothSurvive() throws Exception {
        TestUsers.Account user = newUser();
        String admin = superuserToken();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection blocker = database.open("test-blocker")) {
            blocker.setAutoCommit(false);
            lockRow(blocker, user.id());
            // Both read the row as it is now, then wait on the lock to write: the classic lost update.
            Future<Response> deactivate = pool.submit(() -> as(admin).contentType(ContentType.JSON)
                    .body(Map.of("is_active", false)).patch("/api/v1/users/" + user.id()));
            Future<Response> rename = pool.submit(() -> user.request().contentType(ContentType.JSON)
                    .body(Map.of("full_name", "Renamed Meanwhile")).patch("/api/v1/users/me"));
            awaitLockWaiters(2);
            blocker.commit();
            assertThat(deactivate.get().statusCode()).isEqualTo(200);
            assertThat(rename.get().statusCode()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = database.open("test"); PreparedStatement s =
                c.prepareStatement("SELECT is_active, full_name FROM users WHERE id = ?::uuid")) {
            s.setString(1, user.id());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean("is_active")).isFalse();
                assertThat(rs.getString("full_name")).isEqualTo("Renamed Meanwhile");
            }
        }
    }

    @Test
    void aSignupWhoseClientResetsTheConnectionInsideTheTransactionIsKept() throws Exception {
        String email = randomEmail();
        try (Connection blocker = database.open("test-blocker")) {
            blocker.setAutoCommit(false);
            holdEmail(blocker, email);
            try (Socket client = new Socket(base.getHost(), base.getPort())) {
                send(client, "POST", "/api/v1/users/signup", null, signupBody(email));
                awaitLockWaiters(1);
                client.setSoLinger(true, 0);
            }
            Thread.sleep(300);
            blocker.rollback();
        }
        awaitUserThatLogsIn(email);
    }

    @Test
    void anUpdateWhoseClientResetsTheConnectionInsideTheTransactionIsWrittenWhole() throws Exception {
        TestUsers.Account user = newUser();
        String newEmail = randomEmail();
        try (Connection blocker = database.open("test-blocker")) {
            blocker.setAutoCommit(false);
            lockRow(blocker, user.id());
            try (Socket client = new Socket(base.getHost(), base.getPort())) {
                send(client, "PATCH", "/api/v1/users/me", user.token(),
                        "{\"email\": \"" + newEmail + "\", \"full_name\": \"Both Or Neither\"}");
                awaitLockWaiters(1);
                client.setSoLinger(true, 0);
            }
            Thread.sleep(300);
            blocker.commit();
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            Map<String, Object> me = user.request().get("/api/v1/users/me").then().statusCode(200).extract().path("$");
            if ("Both Or Neither".equals(me.get("full_name"))) {
                assertThat(me.get("email")).isEqualTo(newEmail);
                return;
            }
            assertThat(Instant.now()).as("the update commits").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * A client that signs up and at once asks for the recovery mail, or logs in (the template's own Playwright helper
     * does not wait for the sign-up's answer), gets what the sign-up's commit makes true: the mail is sent, the login
     * answers 200. The sign-up is held at its INSERT meanwhile; the other two requests do not see its row yet.
     */
    @Test
    void aRecoveryAndALoginSentWhileTheSignupIsInFlightWaitForIt() throws Exception {
        String email = randomEmail();
        mailbox.clear();
        CompletableFuture<Integer> signup;
        CompletableFuture<Integer> recovery;
        CompletableFuture<Integer> login;
        try (Connection blocker = database.open("test-blocker")) {
            blocker.setAutoCommit(false);
            holdEmail(blocker, email);
            signup = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(signupBody(email)).post("/api/v1/users/signup").statusCode());
            awaitLockWaiters(1);
            recovery = CompletableFuture.supplyAsync(() -> given()
                    .post("/api/v1/password-recovery/" + email).statusCode());
            login = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.URLENC)
                    .formParam("username", email).formParam("password", PASSWORD)
                    .post("/api/v1/login/access-token").statusCode());
            Thread.sleep(500);
            assertThat(recovery).as("the recovery waits for the sign-up").isNotDone();
            assertThat(login).as("the login waits for the sign-up").isNotDone();
            blocker.rollback();
        }
        assertThat(signup.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(login.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(recovery.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(10);
        while (mailbox.getMailsSentTo(email) == null || mailbox.getMailsSentTo(email).isEmpty()) {
            assertThat(Instant.now()).as("the recovery mail to %s", email).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void signupsCancelledAtAnyMomentLeaveAWholeUserOrNone() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int millis : new int[] {0, 2, 10, 30, 60}) {
            String reset = randomEmail();
            try (Socket client = new Socket(base.getHost(), base.getPort())) {
                send(client, "POST", "/api/v1/users/signup", null, signupBody(reset));
                Thread.sleep(millis);
                client.setSoLinger(true, 0);
            }
            String timedOut = randomEmail();
            CompletableFuture<?> answer = http.sendAsync(HttpRequest.newBuilder(base.toURI().resolve("/api/v1/users/signup"))
                            .timeout(Duration.ofMillis(10 + millis)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(signupBody(timedOut))).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            try {
                answer.get();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(java.net.http.HttpTimeoutException.class);
            }
            Thread.sleep(500);
            for (String email : List.of(reset, timedOut)) {
                // Whole (it logs in) or absent (the address is free again), never half.
                int again = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                        .post("/api/v1/users/signup").statusCode();
                assertThat(again).isIn(200, 400);
                TestUsers.login(email, PASSWORD);
            }
        }
    }

    private static String signupBody(String email) {
        return "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"full_name\": \"Gone Before The Answer\"}";
    }

    private static void send(Socket client, String method, String path, String token, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** An uncommitted row with this email: the service's INSERT of it waits on the unique index until we let go. */
    private static void holdEmail(Connection blocker, String email) throws SQLException {
        try (PreparedStatement s = blocker.prepareStatement(
                "INSERT INTO users (id, email, hashed_password, is_active, is_superuser, created_at) "
                        + "VALUES (gen_random_uuid(), ?, 'x', true, false, now())")) {
            s.setString(1, email);
            s.executeUpdate();
        }
    }

    private static void lockRow(Connection blocker, String id) throws SQLException {
        try (PreparedStatement s = blocker.prepareStatement("SELECT 1 FROM users WHERE id = ?::uuid FOR UPDATE")) {
            s.setString(1, id);
            s.executeQuery().close();
        }
    }

    private void awaitLockWaiters(int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        try (Connection c = database.open("test-watch"); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
                assertThat(Instant.now()).as("%d requests waiting on the row lock", count).isBefore(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static void awaitUserThatLogsIn(String email) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", PASSWORD)
                .post("/api/v1/login/access-token").statusCode() != 200) {
            assertThat(Instant.now()).as("the signup of %s commits", email).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
