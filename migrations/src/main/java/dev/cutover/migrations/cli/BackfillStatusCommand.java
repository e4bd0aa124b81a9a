package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover backfill status [NAME]}: state, %, rows/s, ETA and throttle of one job or of all. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show backfill jobs: state, %% done, rows/s, ETA.")
public final class BackfillStatusCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One job (default: all)")
    String name;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    @Override
    public Integer call() throws Exception {
        BackfillJobs jobs = new BackfillJobs(connection::connect);
        List<BackfillStatus> shown = name == null ? jobs.list() : List.of(jobs.get(name).orElseThrow(
                () -> new IllegalArgumentException("no backfill job named " + name + " (start it first)")));
        if (format == OutputFormat.JSON) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Object document = name == null ? shown.stream().map(BackfillStatusCommand::toJson).toList()
                    : toJson(shown.get(0));
            System.out.println(json.writeValueAsString(document));
            return 0;
        }
        System.out.printf("%-28s %-10s %6s %12s %10s %9s %s%n", "NAME", "STATE", "%", "ROWS DONE", "ROWS/S", "ETA",
                "THROTTLE / LAST ERROR");
        for (BackfillStatus s : shown) {
            System.out.printf("%-28s %-10s %5.1f%% %12d %10.0f %9s %s%n", s.name(), s.state().dbValue(), s.percent(),
                    s.rowsDone(), s.rowsPerSecond(), s.eta().map(BackfillStatusCommand::human).orElse("-"),
                    s.throttle().or(s::lastError).orElse(""));
        }
        return 0;
    }

    /** The job as JSON, with the derived figures beside the stored ones. */
    static Map<String, Object> toJson(BackfillStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("status", s.state().dbValue());
        out.put("percent", Math.round(s.percent() * 10) / 10.0);
        out.put("rows_done", s.rowsDone());
        out.put("keys_scanned", s.keysScanned());
        out.put("rows_estimated", s.rowsEstimated());
        out.put("rows_per_second", Math.round(s.rowsPerSecond()));
        out.put("eta_seconds", s.eta().map(Duration::toSeconds).orElse(null));
        out.put("batch_size", s.batchSize());
        out.put("batches", s.batches());
        out.put("last_batch_ms", s.lastBatchMillis());
        out.put("throttle", s.throttle().orElse(null));
        out.put("cursor", s.cursor().orElse(null));
        out.put("started_at", s.startedAt().map(Object::toString).orElse(null));
        out.put("updated_at", s.updatedAt().toString());
        out.put("finished_at", s.finishedAt().map(Object::toString).orElse(null));
        out.put("last_error", s.lastError().orElse(null));
        out.put("attempts", s.attempts());
        return out;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
