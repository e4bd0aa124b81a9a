package dev.cutover.service.matrix;

import java.util.List;
import java.util.Map;

/**
 * One migration the runner applies by itself ({@code target} = {@code version}): where it lives, the Flyway settings of
 * its history, and the backfills its {@code -- cutover:requires-backfill} comments make it wait for.
 *
 * @param name how reports call it: {@code V2.1}, {@code adopt V3}
 */
record MigrationStep(String name, String location, String version, Map<String, String> flywayProperties,
                     List<String> requiredBackfills) {

    /** Whether this step is one of the adoption's steps numbered from {@code from} on (the contract). */
    boolean adoptStepFrom(int from) {
        return flywayProperties.containsKey("flyway.table") && Integer.parseInt(version.split("\\.")[0]) >= from;
    }
}
