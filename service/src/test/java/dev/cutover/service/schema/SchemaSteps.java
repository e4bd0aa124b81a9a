package dev.cutover.service.schema;

import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.SQLException;

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

    /** The example's backfill on the library's workers, as a release runs it between V2 and V3. */
    private static void backfill(ScratchDatabase db) throws SQLException {
        Backfills.runToCompletion(Backfills.USERS_EMAIL_NORMALIZED.name(), db::connect, BackfillPacing.defaults());
    }
}
