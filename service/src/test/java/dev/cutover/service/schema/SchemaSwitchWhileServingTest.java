package dev.cutover.service.schema;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.service.users.SchemaFeatures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A service started at V5 switches its email lookups to the normalized column once V6's index is built while it runs,
 * within a few refresh intervals and without a restart, so V7 may then drop the index on {@code email}.
 */
@QuarkusTest
@TestProfile(SchemaSwitchWhileServingTest.AtV5.class)
class SchemaSwitchWhileServingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class AtV5 extends SchemaAtVersion {
        @Override
        protected String version() {
            return "5";
        }
    }

    @Inject
    Pool pool;

    @Test
    void buildingTheNormalizedIndexSwitchesLookupsWithinSeconds() throws Exception {
        assertThat(login("LEGACY.TWO@EXAMPLE.COM").statusCode()).as("exact lookups before V6").isEqualTo(400);

        pool.query("CREATE UNIQUE INDEX CONCURRENTLY users_email_normalized_key ON users (email_normalized)")
                .execute().await().atMost(WAIT);
        Instant built = Instant.now();
        Instant deadline = built.plus(SchemaFeatures.REFRESH_INTERVAL.multipliedBy(5));
        while (login("LEGACY.TWO@EXAMPLE.COM").statusCode() != 200) {
            assertThat(Instant.now()).as("lookups switch to email_normalized").isBefore(deadline);
            Thread.sleep(50);
        }

        pool.query("DROP INDEX CONCURRENTLY users_email_key").execute().await().atMost(WAIT);
        login("legacy.two@example.com").then().statusCode(200);
        login(" Legacy.One@EXAMPLE.com ").then().statusCode(200);
    }

    private static Response login(String email) {
        return given().contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", SchemaAtVersion.LEGACY_PASSWORD).post("/api/v1/login/access-token");
    }
}
