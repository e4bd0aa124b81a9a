package dev.cutover.service.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.adopt.TemplateAdoption;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.migrations.testing.TemplateFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's core paths on a database taken over from the FastAPI template by {@code cutover adopt} (expand phase:
 * the old service could still run on it), with users the template wrote before it recorded creation times.
 */
@QuarkusTest
@TestProfile(AdoptedTemplateTest.Adopted.class)
class AdoptedTemplateTest extends ApiAtSchemaVersionTest {

    public static class Adopted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            ScratchDatabase db = ScratchDatabase.create("adopted_template");
            try (Connection c = db.connect()) {
                TemplateFixture.create(c);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO \"user\" (email, is_active, "
                        + "is_superuser, full_name, hashed_password, id) VALUES (?, true, false, 'Legacy', ?, "
                        + "gen_random_uuid())")) {
                    for (String email : SchemaAtVersion.LEGACY_EMAILS) {
                        insert.setString(1, email);
                        insert.setString(2, SchemaAtVersion.LEGACY_HASH);
                        insert.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            TemplateAdoption.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                    .gate(Backfills.runInline(db::connect, BackfillPacing.defaults())).expand();
            return Map.of(
                    "quarkus.datasource.reactive.url", db.url(),
                    "quarkus.datasource.username", db.user(),
                    "quarkus.datasource.password", db.password(),
                    "cutover.migrate-at-start", "false");
        }
    }

    @Override
    protected boolean normalizedReads() {
        return true;
    }

    @Test
    void theTemplatesViewsStillServeWhatTheServiceWrote() {
        Row row = pool.query("SELECT count(*) AS n, count(*) FILTER (WHERE created_at IS NULL) AS undated "
                + "FROM \"user\"").execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getLong("n")).isGreaterThanOrEqualTo(SchemaAtVersion.LEGACY_EMAILS.length + 1L);
        assertThat(row.getLong("undated")).isZero();
    }
}
