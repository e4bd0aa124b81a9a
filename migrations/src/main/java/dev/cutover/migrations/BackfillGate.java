package dev.cutover.migrations;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides whether a migration marked {@code -- cutover:requires-backfill NAME} may run: it returns when the backfill is
 * complete and throws, with the reason, when it is not.
 */
@FunctionalInterface
public interface BackfillGate {

    /** Returns when backfill {@code name} is complete on the database {@code connection} points at; else throws. */
    void awaitComplete(String name, Connection connection) throws SQLException;

    /** The gate that only reads the backfill's state in {@code cutover.backfill_jobs} and refuses unless it completed. */
    static BackfillGate requireCompleted() {
        return new RequireCompletedGate();
    }
}
