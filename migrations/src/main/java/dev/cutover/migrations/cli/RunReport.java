package dev.cutover.migrations.cli;

import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.sql.DurationText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of a migrating command's report that {@code migrate} and {@code adopt} share, as text and as JSON. */
final class RunReport {

    private RunReport() {
    }

    /** An applied migration as one line of text: version, description, attempts, time taken, time blocked. */
    static String line(MigrationRun.Applied a) {
        return String.format("V%-4s %-45s %d attempt(s), %s (waited %s for blockers)", a.version(), a.description(),
                a.attempts(), DurationText.human(a.took()), DurationText.human(a.waitedForBlockers()));
    }

    /** Applied migrations as the {@code applied} array. */
    static List<Map<String, Object>> appliedJson(List<MigrationRun.Applied> applied) {
        return applied.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", a.version());
            m.put("description", a.description());
            m.put("attempts", a.attempts());
            m.put("took_ms", a.took().toMillis());
            m.put("waited_for_blockers_ms", a.waitedForBlockers().toMillis());
            return m;
        }).toList();
    }

    /** The guard's events as the {@code events} array. */
    static List<Map<String, Object>> eventsJson(List<GuardEvent> events) {
        return events.stream().map(RunReport::eventJson).toList();
    }

    /** One guard event, with the sessions that blocked it. */
    static Map<String, Object> eventJson(GuardEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("kind", e.kind().name().toLowerCase());
        m.put("version", e.version());
        m.put("attempt", e.attempt());
        m.put("elapsed_ms", e.elapsed().toMillis());
        m.put("message", e.message());
        m.put("blockers", e.blockers().stream().map(b -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("pid", b.pid());
            x.put("user", b.user());
            x.put("application", b.application());
            x.put("state", b.state());
            x.put("transaction_age_ms", b.transactionAge().toMillis());
            x.put("lock_modes", b.lockModes());
            x.put("relations", b.relations());
            x.put("query", b.query());
            return x;
        }).toList());
        return m;
    }
}
