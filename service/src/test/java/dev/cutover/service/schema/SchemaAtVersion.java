package dev.cutover.service.schema;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A service started on a database of its own whose schema stops at one version of the expand/contract example,
 * with users that existed before the change (mixed-case emails, inserted at V1) carried through every step.
 */
public abstract class SchemaAtVersion implements QuarkusTestProfile {

    /** Emails of the users created at V1, before the normalized column existed. */
    static final String[] LEGACY_EMAILS = {"Legacy.One@Example.com", "legacy.two@example.com", " Spaced@Example.com"};
    /** The Argon2id hash of {@link #LEGACY_PASSWORD}, as the service stores it. */
    static final String LEGACY_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$iSkFxyN0XM/PT8O81ygu1w$tBANbzbfUX2yPkWX43zGbq+nuUu3WNbtLJLEGziceWs";
    static final String LEGACY_PASSWORD = "legacy password";

    /** The last migration version applied, e.g. "2". */
    protected abstract String version();

    @Override
    public Map<String, String> getConfigOverrides() {
        ScratchDatabase db = ScratchDatabase.create("schema_v" + version());
        try {
            migrate(db, "1");
            insertLegacyUsers(db);
            if (Integer.parseInt(version()) > 7) {
                SchemaSteps.migrateTo(db, "7");
                atV7(db);
                migrate(db, version());
            } else {
                SchemaSteps.migrateTo(db, version());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", db.url(),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password(),
                "cutover.migrate-at-start", "false");
    }

    /** Runs on the database at V7, before the later migrations: a test may add what an adopted database brings. */
    protected void atV7(ScratchDatabase db) throws SQLException {
    }

    static void migrate(ScratchDatabase db, String target) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(Migrations.LOCATION).configuration(Migrations.PLAIN_SESSION_LOCK)
                .target(target).load().migrate();
    }

    private static void insertLegacyUsers(ScratchDatabase db) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO users (id, email, hashed_password, full_name, is_active, is_superuser, created_at) "
                        + "VALUES (gen_random_uuid(), ?, ?, 'Legacy', true, false, now() - interval '1 day')")) {
            for (String email : LEGACY_EMAILS) {
                insert.setString(1, email);
                insert.setString(2, LEGACY_HASH);
                insert.executeUpdate();
            }
        }
    }
}
