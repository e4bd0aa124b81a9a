package dev.cutover.service.matrix;

import dev.cutover.migrations.adopt.TemplateAdoption;
import dev.cutover.migrations.sql.Directives;
import dev.cutover.migrations.sql.MigrationFile;
import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.sql.SqlScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The migrations in the order each way of reaching Cutover's schema applies them, read from the migration files
 * themselves, so a new migration adds its states to the matrix without a change here.
 */
final class Tracks {

    /** The Flyway history settings of the adoption steps, as {@link TemplateAdoption} keeps them. */
    static final Map<String, String> ADOPT_HISTORY = Map.of("flyway.table", TemplateAdoption.HISTORY_TABLE,
            "flyway.baselineOnMigrate", "true", "flyway.baselineVersion", "0");

    private static final Pattern VERSIONED = Pattern.compile("(?:^|[/\\\\])V([0-9]+(?:[._][0-9]+)*)__[^/\\\\]*\\.sql$");

    private Tracks() {
    }

    /** {@code cutover migrate} on a new database: every migration at {@code location}. */
    static List<MigrationStep> migrate(String location) {
        return steps(location, "", Map.of(), v -> true);
    }

    /**
     * {@code cutover adopt} and then {@code adopt --contract} on a FastAPI-template database: the adoption's expand
     * steps, Cutover's migrations after its baseline V1, the adoption's contract steps. {@code adopt} itself also waits
     * for users_email_normalized right after Cutover's V2 (in code, not a directive), but {@code cutover migrate} run
     * on an adopted database stops only at V4's gate, so the states up to V3 with it pending are reachable too.
     */
    static List<MigrationStep> adopt(String location) {
        List<MigrationStep> steps = new ArrayList<>(steps(TemplateAdoption.LOCATION, "adopt ", ADOPT_HISTORY,
                v -> major(v) < TemplateAdoption.CONTRACT_FROM));
        steps.addAll(steps(location, "Cutover ", Map.of(),
                v -> MigrationVersion.fromVersion(v).compareTo(MigrationVersion.fromVersion("1")) > 0));
        steps.addAll(steps(TemplateAdoption.LOCATION, "adopt ", ADOPT_HISTORY,
                v -> major(v) >= TemplateAdoption.CONTRACT_FROM));
        return steps;
    }

    private static List<MigrationStep> steps(String location, String prefix, Map<String, String> properties,
                                             Predicate<String> include) {
        List<MigrationStep> steps = new ArrayList<>();
        for (MigrationFile file : MigrationFiles.fromLocations(List.of(location))) {
            Matcher m = VERSIONED.matcher(file.name());
            if (!m.find()) {
                continue;
            }
            String version = m.group(1).replace('_', '.');
            if (include.test(version)) {
                List<String> backfills = Directives.of(SqlScript.parse(file.sql())).requiredBackfills();
                steps.add(new MigrationStep(prefix + "V" + version, location, version, properties, backfills));
            }
        }
        steps.sort(Comparator.comparing(s -> MigrationVersion.fromVersion(s.version())));
        return steps;
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }
}
