package dev.cutover.service.matrix;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.util.List;

/**
 * A database exactly as the runner can leave it: the track's migrations applied up to {@code step}, with the backfills
 * a later step waits for done to {@code percent}.
 *
 * @param pending        the backfills not complete here (empty: none is)
 * @param itemsTable     whether the items table exists (the items endpoints have nothing to serve before)
 * @param oldServiceRuns whether the FastAPI template's service may still run on it (adopted, before the contract)
 * @param normalizedColumn whether users.email_normalized exists (V2 on)
 * @param normalizedReads  whether its valid unique index exists, which switches the service's lookups to it (V6 on)
 */
record SchemaState(String track, String step, List<String> pending, int percent, ScratchDatabase db,
                   boolean itemsTable, boolean oldServiceRuns, boolean normalizedColumn, boolean normalizedReads) {

    /** How reports name it: {@code [migrate] V3, users_email_normalized at 0 %}. */
    String name() {
        return "[" + track + "] " + step + (pending.isEmpty() ? "" : ", " + String.join(" and ", pending) + " at " + percent + " %");
    }
}
