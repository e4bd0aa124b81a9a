package dev.cutover.service.config;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.util.Map;

/**
 * The dev and test database when none is configured: a fresh one per JVM on the server {@code ScratchDatabase}
 * picks (CUTOVER_TEST_DATABASE_URL, else Testcontainers, else embedded PostgreSQL). Kept apart from the factory so
 * the production classpath, which leaves those libraries out, never loads it.
 */
final class DevDatabase {

    private DevDatabase() {
    }

    static Map<String, String> properties(String profile) {
        ScratchDatabase db = ScratchDatabase.shared(profile);
        return Map.of(
                DatabaseConfigSourceFactory.REACTIVE_URL, db.url(),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }
}
