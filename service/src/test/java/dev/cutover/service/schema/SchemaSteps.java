package dev.cutover.service.schema;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Walks a database through the expand/contract example the way a release does: migrate, backfill, migrate. */
final class SchemaSteps {

    private SchemaSteps() {
    }

    static void migrateTo(ScratchDatabase db, String version) throws SQLException {
        int target = Integer.parseInt(version);
        SchemaAtVersion.migrate(db, String.valueOf(Math.min(target, 2)));
        if (target >= 2) {
            backfill(db);
        }
        if (target > 2) {
            SchemaAtVersion.migrate(db, version);
        }
    }

    private static void backfill(ScratchDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE users SET email_normalized = lower(btrim(email)) WHERE email_normalized IS NULL");
        }
    }
}
