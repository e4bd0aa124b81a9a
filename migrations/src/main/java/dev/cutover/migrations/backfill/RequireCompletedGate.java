package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.JobStore;
import dev.cutover.migrations.guard.BackfillGate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Lets a migration run only once its backfill's job is {@link JobState#COMPLETED}. */
final class RequireCompletedGate implements BackfillGate {

    @Override
    public void awaitComplete(String name, Connection connection) throws SQLException {
        Optional<JobState> state = JobStore.state(connection, name);
        if (state.orElse(null) != JobState.COMPLETED) {
            throw new IllegalStateException("needs backfill " + name + " to be completed ("
                    + state.map(s -> "it is " + s.dbValue()).orElse("it has not run")
                    + "): run ./cutover backfill start " + name);
        }
    }
}
