package dev.cutover.service.schema;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.migrations.testing.ScratchDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database adopted from the FastAPI template: its item table (renamed {@code items}) is there before V8, with
 * varchar(255) columns, a nullable {@code created_at} and old rows without one. V8 leaves it as it is, V9/V10 index
 * it, and the API serves it: undated rows first (as PostgreSQL orders {@code created_at DESC}), keyset included.
 */
@QuarkusTest
@TestProfile(AdoptedTemplateItemsTest.Schema.class)
class AdoptedTemplateItemsTest extends ApiAtSchemaVersionTest {

    /** Owner of the adopted rows: a legacy user inserted at V1. */
    private static final String OWNER = SchemaAtVersion.LEGACY_EMAILS[1];

    public static class Schema extends SchemaAtVersion {
        @Override
        protected String version() {
            return "10";
        }

        @Override
        protected void atV7(ScratchDatabase db) throws SQLException {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE items (
                            description varchar(255),
                            title varchar(255) NOT NULL,
                            id uuid NOT NULL PRIMARY KEY,
                            owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                            created_at timestamptz)""");
                // Three rows from before the template had created_at, two after; ids are uuid4 as the template's.
                s.execute("""
                        INSERT INTO items (id, title, owner_id, created_at)
                        SELECT gen_random_uuid(), 'adopted ' || n, (SELECT id FROM users WHERE email = '%s'),
                               CASE WHEN n > 3 THEN now() - (n || ' hours')::interval END
                        FROM generate_series(1, 5) AS n""".formatted(OWNER));
            }
        }
    }

    @Override
    protected boolean normalizedReads() {
        return true;
    }

    @Override
    protected boolean hasItems() {
        return true;
    }

    @Test
    void undatedRowsComeFirstAndKeysetPagesWalkThroughThem() {
        String token = token(OWNER);
        List<Map<String, Object>> items = given().header("Authorization", "Bearer " + token)
                .get("/api/v1/items/").then().statusCode(200).body("count", equalTo(5)).extract().path("data");
        List<String> offset = new ArrayList<>();
        for (Map<String, Object> item : items) {
            offset.add((String) item.get("id"));
        }
        assertThat(items.subList(0, 3)).allSatisfy(item -> assertThat(item.get("created_at")).isNull());
        assertThat(items.subList(3, 5)).extracting(item -> item.get("title")).containsExactly("adopted 4", "adopted 5");
        List<String> undated = new ArrayList<>(offset.subList(0, 3));
        assertThat(undated).isSortedAccordingTo(java.util.Comparator.<String>naturalOrder().reversed());

        for (int limit = 1; limit <= 5; limit++) {
            List<String> keyset = new ArrayList<>();
            String cursor = "";
            while (cursor != null) {
                var page = given().header("Authorization", "Bearer " + token).queryParam("after", cursor)
                        .queryParam("limit", limit).get("/api/v1/items/").then().statusCode(200).extract();
                keyset.addAll(page.path("data.id"));
                cursor = page.path("next_cursor");
            }
            assertThat(keyset).as("limit %d", limit).isEqualTo(offset);
        }
    }

    @Test
    void adoptedRowsCanBeChangedAndTheLimitsStillHold() {
        String token = token(OWNER);
        String id = given().header("Authorization", "Bearer " + token).get("/api/v1/items/?limit=1")
                .then().statusCode(200).extract().path("data[0].id");
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("title", "t".repeat(255), "description", "é".repeat(255))).put("/api/v1/items/" + id)
                .then().statusCode(200).body("description", equalTo("é".repeat(255)));
    }

    private static String token(String email) {
        return given().contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", SchemaAtVersion.LEGACY_PASSWORD)
                .post("/api/v1/login/access-token").then().statusCode(200).extract().path("access_token");
    }
}
