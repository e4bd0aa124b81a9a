package dev.cutover.migrations.probe;

import java.util.List;

/**
 * The probe of one pending migration. {@code transactional} tells how it ran: in a transaction (locks read from
 * pg_locks before commit) or, for CONCURRENTLY and the like, in autocommit while a second session held it at its
 * first wait ({@code observed} false when it finished before it could be caught). {@code error} is PostgreSQL's
 * message when the migration failed on the scratch database, else null.
 */
public record MigrationProbe(String version, String description, String script, boolean transactional,
        boolean observed, String error, List<TableLock> tables) {
}
