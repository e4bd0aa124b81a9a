package dev.cutover.migrations.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The FastAPI template's schema at its Alembic head (fe56fa70289e), as its migrations leave it, for tests and
 * rehearsals of {@code cutover adopt}: a Flyway-style file under {@value #LOCATION}, so {@code cutover probe} can run
 * it before the adoption steps.
 */
public final class TemplateFixture {

    public static final String LOCATION = "classpath:testing/fastapi-template";
    private static final String RESOURCE = "/testing/fastapi-template/V0__fastapi_template_fe56fa70289e.sql";

    private TemplateFixture() {
    }

    /** The SQL that creates the template's tables and its {@code alembic_version} row. */
    public static String sql() {
        try (InputStream in = TemplateFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the template's tables in the database {@code c} points at. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql());
        }
    }
}
