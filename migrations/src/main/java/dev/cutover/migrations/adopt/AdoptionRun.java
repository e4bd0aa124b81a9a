package dev.cutover.migrations.adopt;

import dev.cutover.migrations.guard.MigrationRun;
import java.util.List;

/**
 * What one {@code adopt} or {@code adopt --contract} run did: the state it started from, the adoption steps and
 * Cutover migrations it applied (both empty for a no-op), and Cutover's schema version at the end.
 */
public record AdoptionRun(Recognition before, List<MigrationRun.Applied> adoptSteps,
                          List<MigrationRun.Applied> cutoverMigrations, String schemaVersion) {
}
