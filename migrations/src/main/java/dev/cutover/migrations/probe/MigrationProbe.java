package dev.cutover.migrations.probe;

import java.util.List;

/**
 * The probe of one pending migration. {@code transactional} tells how it ran: in a transaction (locks read from
 * pg_locks before commit) or, for CONCURRENTLY and the like, in autocommit while a second session held it at its
 * first wait ({@code observed} false when it finished before it could be caught). {@code error} is PostgreSQL's
 * message when the migration failed on the scratch database, else null. {@code failsOnUnfilledRows} names the writes
 * that would fail on rows a pending backfill has not reached; the scratch database has no rows to show them, so the
 * probe leaves it empty and a caller that can read them from the SQL fills it ({@link #withFailsOnUnfilledRows}).
 */
public record MigrationProbe(String version, String description, String script, boolean transactional,
        boolean observed, String error, List<TableLock> tables, List<String> failsOnUnfilledRows) {

    /** This probe with {@code writes} as the writes that would fail on rows a backfill has not reached. */
    public MigrationProbe withFailsOnUnfilledRows(List<String> writes) {
        return new MigrationProbe(version, description, script, transactional, observed, error, tables,
                List.copyOf(writes));
    }
}
