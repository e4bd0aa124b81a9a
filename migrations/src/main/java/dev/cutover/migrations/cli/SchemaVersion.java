package dev.cutover.migrations.cli;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.Flyways;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.FlywayException;

/** The schema version a database is at, as Flyway's history tells it: what a run that stopped early reports. */
final class SchemaVersion {

    private SchemaVersion() {
    }

    /** The newest applied version; empty when none is applied or the history cannot be read (the error says why). */
    static Optional<String> current(DatabaseUrl db, List<String> locations) {
        try {
            MigrationInfo current = Flyways.configure(db, locations).load().info().current();
            return Optional.ofNullable(current).map(MigrationInfo::getVersion).map(v -> v.getVersion());
        } catch (FlywayException e) {
            return Optional.empty();
        }
    }
}
