package dev.cutover.migrations.guard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides whether a migration marked {@code -- cutover:requires-backfill NAME} may run: it returns when the backfill is
 * complete and throws, with the reason, when it is not. The backfill package provides the gates that read or run
 * backfills ({@code Backfills.requireCompleted()}, {@code Backfills.runInline(...)}).
 */
@FunctionalInterface
public interface BackfillGate {

    /** Returns when backfill {@code name} is complete on the database {@code connection} points at; else throws. */
    void awaitComplete(String name, Connection connection) throws SQLException;

    /** The gate of a runner given none: every migration that needs a backfill is refused, saying how to give one. */
    static BackfillGate noneConfigured() {
        return (name, connection) -> {
            throw new IllegalStateException("needs backfill " + name + ", and this runner has no backfill gate "
                    + "(GuardedMigrator.gate(Backfills.requireCompleted()), or Migrations.guarded())");
        };
    }
}
