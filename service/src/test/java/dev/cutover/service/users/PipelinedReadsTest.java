package dev.cutover.service.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.service.api.TestUsers;
import dev.cutover.service.config.JdbcDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Short reads of users go to a few shared connections that pipeline the statements of concurrent requests: a lock that
 * holds them up holds up those few connections, not the pool, and a connection the server drops costs no more than
 * the statements that were on it.
 */
@QuarkusTest
class PipelinedReadsTest {

    private static final int REQUESTS = 24;
    /** The default of cutover.database.pipelined-read-connections. */
    private static final int CONNECTIONS = 4;

    @Inject
    JdbcDatabase database;

    @Test
    void readsHeldUpByALockQueueOnTheFewPipelinedConnectionsAndAllAnswerOnceItGoes() throws Exception {
        TestUsers.Account user = TestUsers.newUser();
        user.request().get("/api/v1/users/me").then().statusCode(200);
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        try (Connection blocker = database.open("pipelined-reads-test-blocker");
                Connection observer = database.open("pipelined-reads-test-observer")) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            }
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(CompletableFuture.supplyAsync(
                        () -> user.request().get("/api/v1/users/me").statusCode(), clients));
            }
            // Every request is in the service; their reads wait for the lock on at most CONNECTIONS connections.
            Instant deadline = Instant.now().plusSeconds(20);
            int waiting;
            while ((waiting = pipelinedSessions(observer, "AND wait_event_type = 'Lock'")) < 1) {
                assertThat(Instant.now()).as("a pipelined read waits for the lock").isBefore(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(500);
            assertThat(answers).noneMatch(CompletableFuture::isDone);
            assertThat(pipelinedSessions(observer, "")).isBetween(1, CONNECTIONS);
            assertThat(waiting).isLessThanOrEqualTo(CONNECTIONS);

            blocker.rollback();
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aDroppedPipelinedConnectionIsReplacedWithoutA500() throws Exception {
        TestUsers.Account user = TestUsers.newUser();
        for (int i = 0; i < 20; i++) {
            user.request().get("/api/v1/users/me").then().statusCode(200);
        }
        try (Connection admin = database.open("pipelined-reads-test-admin"); Statement s = admin.createStatement()) {
            assertThat(pipelinedSessions(admin, "")).isPositive();
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = '" + PipelinedReads.APPLICATION_NAME + "'");
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            Response response = user.request().get("/api/v1/users/me");
            assertThat(response.statusCode()).as("a dropped connection is 503 at worst").isIn(200, 503);
            if (response.statusCode() == 200) {
                break;
            }
            assertThat(Instant.now()).as("the service reconnects").isBefore(deadline);
            Thread.sleep(50);
        }
        for (int i = 0; i < 20; i++) {
            user.request().get("/api/v1/users/me").then().statusCode(200);
        }
    }

    private static int pipelinedSessions(Connection observer, String condition) throws Exception {
        try (Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = '" + PipelinedReads.APPLICATION_NAME + "' " + condition)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
