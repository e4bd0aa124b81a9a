package dev.cutover.migrations.adopt;

import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.migrations.testing.TemplateFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A scratch database in the FastAPI template's shape at fe56fa70289e, with rows the template wrote over time. */
final class TemplateDatabase {

    static final String BCRYPT = "$2b$12$KIXQJQ1Yq0v6r1m9ZrJfUOmW6kS9X3pJY7cQ5g0wQy9xkS8g2mZ3e";

    private TemplateDatabase() {
    }

    /**
     * The template's schema and {@code users} legacy users: the first half written before fe56fa70289e (created_at
     * NULL), bcrypt hashes as older template versions stored them, two items each (half with created_at NULL).
     */
    static ScratchDatabase create(String purpose, int users) throws SQLException {
        ScratchDatabase db = ScratchDatabase.create(purpose);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(TemplateFixture.sql());
            s.execute("""
                    INSERT INTO "user" (email, is_active, is_superuser, full_name, hashed_password, id, created_at)
                    SELECT 'Legacy' || g || '@Example.com', true, g = 1, 'Legacy ' || g, '%s', gen_random_uuid(),
                           CASE WHEN g > %d / 2 THEN now() - make_interval(days => %d - g) END
                    FROM generate_series(1, %d) g""".formatted(BCRYPT, users, users, users));
            s.execute("""
                    INSERT INTO item (description, title, id, owner_id, created_at)
                    SELECT 'd', 'item ' || n || ' of ' || u.email, gen_random_uuid(), u.id,
                           CASE WHEN n = 2 THEN u.created_at END
                    FROM "user" u CROSS JOIN generate_series(1, 2) n""");
        }
        return db;
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
