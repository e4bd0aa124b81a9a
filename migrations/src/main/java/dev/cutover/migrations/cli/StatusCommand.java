package dev.cutover.migrations.cli;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.Flyways;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover status}: which migrations are applied and which are pending. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show applied and pending migrations.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Flyway locations, e.g. filesystem:/path (default: ${DEFAULT-VALUE})")
    List<String> locations = List.of(Migrations.LOCATION);

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    @Override
    public Integer call() throws Exception {
        DatabaseUrl target = connection.target();
        Flyway flyway = Flyways.configure(target, locations).load();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MigrationInfo info : flyway.info().all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", info.getVersion() == null ? null : info.getVersion().getVersion());
            row.put("description", info.getDescription());
            row.put("state", info.getState().getDisplayName());
            row.put("installed_on", info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant().toString());
            row.put("execution_ms", info.getExecutionTime());
            rows.add(row);
        }
        if (format == OutputFormat.JSON) {
            JsonOutput.print(System.out, rows);
        } else {
            System.out.printf("%-8s %-12s %-40s %s%n", "VERSION", "STATE", "DESCRIPTION", "INSTALLED ON");
            for (Map<String, Object> row : rows) {
                System.out.printf("%-8s %-12s %-40s %s%n", row.get("version"), row.get("state"), row.get("description"),
                        row.get("installed_on") == null ? "" : row.get("installed_on"));
            }
        }
        return 0;
    }
}
