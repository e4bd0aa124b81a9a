package dev.cutover.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DocsAndOperationsTest {

    /** The management interface (root /q): its own port, a random one in tests, apart from the API's. */
    @TestHTTPResource(value = "/health", management = true)
    URL health;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void openApiHasTheTemplatesOperationIds() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/api/v1/openapi.json")
                .then().statusCode(200).extract().path("paths");
        List<Object> operationIds = paths.values().stream()
                .flatMap(ops -> ops.values().stream()).map(op -> op.get("operationId")).toList();
        assertThat(operationIds).contains(
                "login-login_access_token", "login-test_token", "login-recover_password", "login-reset_password",
                "users-read_users", "users-create_user", "users-read_user_me", "users-update_user_me",
                "users-delete_user_me", "users-update_password_me", "users-register_user", "users-read_user_by_id",
                "users-update_user", "users-delete_user", "utils-health_check", "items-read_items",
                "items-create_item", "items-read_item", "items-update_item", "items-delete_item", "private-create_user");
        assertThat(paths).containsKeys("/api/v1/users/", "/api/v1/users/{user_id}", "/api/v1/reset-password/",
                "/api/v1/utils/health-check/", "/api/v1/items/", "/api/v1/items/{id}", "/api/v1/private/users/");
    }

    @Test
    void theUserApiComesFirstInTheTemplatesOrder() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/api/v1/openapi.json")
                .then().statusCode(200).extract().path("paths");
        List<String> firstTags = paths.values().stream().map(ops -> ops.values().iterator().next())
                .map(op -> ((List<?>) op.get("tags")).get(0).toString()).distinct().toList();
        assertThat(firstTags).containsExactly("login", "users", "utils", "items", "private");
        assertThat(paths.keySet().iterator().next()).isEqualTo("/api/v1/login/access-token");
    }

    @Test
    void schemasUseSnakeCaseLikeTheTemplate() {
        Map<String, Object> properties = given().get("/api/v1/openapi.json")
                .then().statusCode(200).extract().path("components.schemas.UserPublic.properties");
        assertThat(properties).containsOnlyKeys("email", "is_active", "is_superuser", "full_name", "id", "created_at");
    }

    @Test
    void interactiveDocsAreServed() {
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
        given().get("/redoc").then().statusCode(200).body(containsString("redoc.standalone.js"));
        given().get("/webjars/redoc/2.1.4/bundles/redoc.standalone.js").then().statusCode(200);
    }

    @Test
    void healthCheckIsTrue() {
        given().get("/api/v1/utils/health-check/").then().statusCode(200).body(equalTo("true"));
    }

    @Test
    void probesCheckTheDatabase() {
        given().get(health + "/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(health + "/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("PostgreSQL"))
                .body("checks.find { it.name == 'first-superuser' }.status", equalTo("UP"));
    }

    @Test
    void metricsIncludeRequestsAndThePool() {
        given().get("/api/v1/utils/health-check/").then().statusCode(200);
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(text).contains("http_server_requests_seconds_count").contains("postgresql")
                .as("a latency histogram, for a p99 across pods").contains("http_server_requests_seconds_bucket");
    }

    @Test
    void metricsLeaveOutTheSqlClientsPerConnectionGauges() {
        given().get("/api/v1/utils/health-check/").then().statusCode(200);
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(text).contains("postgresql_processing_seconds_count")
                .as("each connection would register these again, and only the first would be reported")
                .doesNotContain("postgresql_queue_size").doesNotContain("postgresql_current");
    }

    @Test
    void theApiPortServesNoManagementEndpoints() {
        assertThat(metrics.getPort()).isNotEqualTo(RestAssured.port);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
    }
}
