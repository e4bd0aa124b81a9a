package dev.cutover.service.api;

import static dev.cutover.service.api.TestUsers.as;
import static dev.cutover.service.api.TestUsers.newUser;
import static dev.cutover.service.api.TestUsers.superuserToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ItemsResourceTest {

    @Inject
    Pool pool;

    @Test
    void createReadUpdateDelete() {
        TestUsers.Account user = newUser();
        String id = create(user, "Foo", "Fighters");
        user.request().get("/api/v1/items/" + id).then().statusCode(200)
                .body("title", equalTo("Foo")).body("description", equalTo("Fighters"))
                .body("id", equalTo(id)).body("owner_id", equalTo(user.id())).body("created_at", notNullValue());

        user.request().contentType(ContentType.JSON).body(Map.of("title", "Bar"))
                .put("/api/v1/items/" + id).then().statusCode(200)
                .body("title", equalTo("Bar")).body("description", equalTo("Fighters"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("description", null);
        clear.put("title", null);
        user.request().contentType(ContentType.JSON).body(clear)
                .put("/api/v1/items/" + id).then().statusCode(200)
                .body("title", equalTo("Bar")).body("description", nullValue());

        user.request().delete("/api/v1/items/" + id)
                .then().statusCode(200).body("message", equalTo("Item deleted successfully"));
        user.request().get("/api/v1/items/" + id).then().statusCode(404).body("detail", equalTo("Item not found"));
        user.request().delete("/api/v1/items/" + id).then().statusCode(404).body("detail", equalTo("Item not found"));
        user.request().contentType(ContentType.JSON).body(Map.of("title", "x"))
                .put("/api/v1/items/" + id).then().statusCode(404).body("detail", equalTo("Item not found"));
    }

    @Test
    void othersItemsAre403ExceptForSuperusers() {
        TestUsers.Account owner = newUser();
        TestUsers.Account other = newUser();
        String id = create(owner, "Mine", null);
        other.request().get("/api/v1/items/" + id)
                .then().statusCode(403).body("detail", equalTo("Not enough permissions"));
        other.request().contentType(ContentType.JSON).body(Map.of("title", "Theirs"))
                .put("/api/v1/items/" + id).then().statusCode(403).body("detail", equalTo("Not enough permissions"));
        other.request().delete("/api/v1/items/" + id)
                .then().statusCode(403).body("detail", equalTo("Not enough permissions"));

        String admin = superuserToken();
        as(admin).get("/api/v1/items/" + id).then().statusCode(200).body("owner_id", equalTo(owner.id()));
        as(admin).contentType(ContentType.JSON).body(Map.of("description", "by admin"))
                .put("/api/v1/items/" + id).then().statusCode(200)
                .body("description", equalTo("by admin")).body("owner_id", equalTo(owner.id()));
        as(admin).delete("/api/v1/items/" + id).then().statusCode(200);
        given().get("/api/v1/items/").then().statusCode(401).body("detail", equalTo("Not authenticated"));
    }

    @Test
    void listsAreNewestFirstWithSkipLimitAndCount() {
        TestUsers.Account user = newUser();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(user, "item " + i, null));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        user.request().get("/api/v1/items/").then().statusCode(200)
                .body("count", equalTo(5)).body("data.id", equalTo(newestFirst))
                .body("$", not(hasKey("next_cursor")));
        user.request().get("/api/v1/items/?skip=1&limit=2").then().statusCode(200)
                .body("count", equalTo(5)).body("data.id", equalTo(newestFirst.subList(1, 3)));

        // Another user's items are not in the list; a superuser sees both.
        TestUsers.Account other = newUser();
        String theirs = create(other, "theirs", null);
        user.request().get("/api/v1/items/").then().body("count", equalTo(5));
        List<String> all = as(superuserToken()).get("/api/v1/items/?limit=1000").then().statusCode(200)
                .extract().path("data.id");
        assertThat(all).contains(theirs).containsSubsequence(newestFirst);
        assertThat(all.indexOf(theirs)).isLessThan(all.indexOf(newestFirst.get(0)));
    }

    @Test
    void keysetPagesMatchTheOffsetListForOwnersAndSuperusers() {
        TestUsers.Account user = newUser();
        for (int i = 0; i < 5; i++) {
            create(user, "item " + i, null);
        }
        assertThat(walkKeyset(user.token(), 2)).hasSize(5).isEqualTo(offsetIds(user.token()));
        String admin = superuserToken();
        assertThat(walkKeyset(admin, 3)).hasSizeGreaterThanOrEqualTo(5).isEqualTo(offsetIds(admin));
        user.request().get("/api/v1/items/?after=").then().statusCode(200).body("count", equalTo(5));
        user.request().get("/api/v1/items/?after=garbage")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "after")));
    }

    @Test
    void fieldLimitsAndShapesAreThoseOfTheTemplate() {
        TestUsers.Account user = newUser();
        user.request().contentType(ContentType.JSON).body(Map.of("title", ""))
                .post("/api/v1/items/").then().statusCode(422)
                .body("detail[0].type", equalTo("string_too_short"))
                .body("detail[0].loc", equalTo(List.of("body", "title")))
                .body("detail[0].msg", equalTo("String should have at least 1 character"))
                .body("detail[0].ctx.min_length", equalTo(1));
        user.request().contentType(ContentType.JSON)
                .body(Map.of("title", "t".repeat(256), "description", "d".repeat(256)))
                .post("/api/v1/items/").then().statusCode(422)
                .body("detail.type", equalTo(List.of("string_too_long", "string_too_long")))
                .body("detail.loc", equalTo(List.of(List.of("body", "title"), List.of("body", "description"))))
                .body("detail[0].msg", equalTo("String should have at most 255 characters"));
        user.request().contentType(ContentType.JSON).body(Map.of("description", "no title"))
                .post("/api/v1/items/").then().statusCode(422)
                .body("detail[0].type", equalTo("missing")).body("detail[0].loc", equalTo(List.of("body", "title")));
        create(user, "t".repeat(255), "d".repeat(255));
        user.request().get("/api/v1/items/not-a-uuid").then().statusCode(422)
                .body("detail[0].type", equalTo("uuid_parsing")).body("detail[0].loc", equalTo(List.of("path", "id")));
        user.request().get("/api/v1/items/?limit=0").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("query", "limit")));
        user.request().get("/api/v1/items/?skip=-1").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("query", "skip")));
    }

    @Test
    void deletingAUserDeletesTheirItems() {
        TestUsers.Account byAdmin = newUser();
        String first = create(byAdmin, "goes with the user", null);
        TestUsers.Account bySelf = newUser();
        String second = create(bySelf, "goes with the user", null);
        String admin = superuserToken();

        as(admin).delete("/api/v1/users/" + byAdmin.id()).then().statusCode(200);
        bySelf.request().delete("/api/v1/users/me").then().statusCode(200);

        as(admin).get("/api/v1/items/" + first).then().statusCode(404);
        as(admin).get("/api/v1/items/" + second).then().statusCode(404);
        long left = pool.preparedQuery("SELECT count(*) AS n FROM items WHERE owner_id = ANY($1)")
                .execute(Tuple.of(new UUID[] {UUID.fromString(byAdmin.id()), UUID.fromString(bySelf.id())}))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
        assertThat(left).isZero();
    }

    @Test
    void itemIdsAreUuidV7() {
        String id = create(newUser(), "versioned", null);
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
    }

    private static String create(TestUsers.Account user, String title, String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        if (description != null) {
            body.put("description", description);
        }
        return user.request().contentType(ContentType.JSON).body(body).post("/api/v1/items/")
                .then().statusCode(200).body("title", equalTo(title)).body("owner_id", equalTo(user.id()))
                .extract().path("id");
    }

    static List<String> offsetIds(String token) {
        return as(token).get("/api/v1/items/?limit=1000").then().statusCode(200).extract().path("data.id");
    }

    static List<String> walkKeyset(String token, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            var page = as(token).queryParam("after", cursor).queryParam("limit", limit).get("/api/v1/items/")
                    .then().statusCode(200).extract();
            ids.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
        }
        return ids;
    }
}
