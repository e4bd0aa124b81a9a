package dev.cutover.migrations.guard;

import java.time.Duration;
import java.util.List;

/** What a guarded run applied, with how many attempts each migration took, and every event on the way. */
public record MigrationRun(List<Applied> applied, List<GuardEvent> events, String schemaVersion) {

    /** One applied migration. */
    public record Applied(String version, String description, int attempts, Duration took,
                          Duration waitedForBlockers) {
    }
}
