package dev.cutover.service.matrix;

import dev.cutover.migrations.adopt.TemplateAdoption;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.migrations.testing.TemplateFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks one database through a track a step at a time, under the guarded runner and its backfill gate, and copies
 * it after each step into the states the runner can stop in: with the backfills a later step waits for (those whose
 * statement already runs) at 0 % and at about 50 %, or as it is when none is pending.
 */
final class StateWalk {

    private final String track;
    private final String location;
    private final List<MigrationStep> steps;
    private final List<LegacyRows.LegacyUser> legacy;

    private StateWalk(String track, String location, List<MigrationStep> steps, List<LegacyRows.LegacyUser> legacy) {
        this.track = track;
        this.location = location;
        this.steps = steps;
        this.legacy = legacy;
    }

    /** {@code cutover migrate} of Cutover's migrations at {@code location} from an empty database. */
    static StateWalk migrate(String location, List<LegacyRows.LegacyUser> legacy) {
        return new StateWalk("migrate", location, Tracks.migrate(location), legacy);
    }

    /** {@code cutover adopt}, then {@code adopt --contract}, of a FastAPI-template database. */
    static StateWalk adopt(String location, List<LegacyRows.LegacyUser> legacy) {
        return new StateWalk("adopt", location, Tracks.adopt(location), legacy);
    }

    /** The states up to the step named {@code last} (all when null), in the order the runner reaches them. */
    List<SchemaState> states(String last) throws SQLException {
        ScratchDatabase walker = ScratchDatabase.create("mx_walk_" + track);
        new BackfillJobs(walker::connect).ensureSchema();
        if (track.equals("adopt")) {
            try (Connection c = walker.connect()) {
                TemplateFixture.create(c);
                LegacyRows.insertTemplateRows(c, legacy);
            }
            // As TemplateAdoption starts: Cutover's history begins at V1, which the template's tables stand for.
            Flyways.configure(walker.jdbcUrl(), walker.user(), walker.password(), List.of(location),
                    getClass().getClassLoader()).configuration(Map.of("flyway.baselineVersion", "1")).load().baseline();
        }
        Set<String> completed = new LinkedHashSet<>();
        List<SchemaState> states = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            MigrationStep step = steps.get(i);
            for (String backfill : step.requiredBackfills()) {
                if (completed.add(backfill)) {
                    Backfills.runToCompletion(backfill, walker::connect, BackfillPacing.defaults());
                }
            }
            apply(walker, step);
            if (track.equals("migrate") && i == 0) {
                // The users the service wrote before the change: after the table exists, before the next step.
                try (Connection c = walker.connect()) {
                    LegacyRows.insertUsers(c, legacy);
                }
            }
            List<String> pending = pending(walker, i, completed);
            boolean oldService = track.equals("adopt") && !step.adoptStepFrom(TemplateAdoption.CONTRACT_FROM)
                    && steps.subList(0, i).stream().noneMatch(s -> s.adoptStepFrom(TemplateAdoption.CONTRACT_FROM));
            states.add(copy(walker, step, pending, 0, oldService));
            if (!pending.isEmpty()) {
                states.add(copy(walker, step, pending, 50, oldService));
            }
            if (step.name().equals(last)) {
                break;
            }
        }
        return states;
    }

    private void apply(ScratchDatabase db, MigrationStep step) {
        GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(List.of(step.location())).flywayProperties(step.flywayProperties())
                .gate(Backfills.requireCompleted()).target(step.version()).listener(event -> { })
                .migrate();
    }

    /** The backfills a later step waits for that are not complete and whose statement runs on this schema. */
    private List<String> pending(ScratchDatabase db, int applied, Set<String> completed) throws SQLException {
        Set<String> later = new LinkedHashSet<>();
        steps.subList(applied + 1, steps.size()).forEach(s -> later.addAll(s.requiredBackfills()));
        later.removeAll(completed);
        List<String> pending = new ArrayList<>();
        try (Connection c = db.connect()) {
            for (String backfill : later) {
                if (PartialBackfill.runsOn(c, backfill)) {
                    pending.add(backfill);
                }
            }
        }
        return pending;
    }

    private SchemaState copy(ScratchDatabase walker, MigrationStep step, List<String> pending, int percent,
                             boolean oldService) throws SQLException {
        String purpose = ("mx_" + track.charAt(0) + "_" + step.name().replaceAll("[^A-Za-z0-9]+", "_") + "_" + percent)
                .toLowerCase(Locale.ROOT);
        ScratchDatabase db = walker.copy(purpose);
        try (Connection c = db.connect()) {
            for (String backfill : pending) {
                // The job exists, as once its workers were started; the service under test runs no worker.
                new BackfillJobs(db::connect).start(Backfills.require(backfill), BackfillPacing.defaults());
                if (percent > 0) {
                    PartialBackfill.firstHalf(c, backfill);
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('items') IS NOT NULL, "
                    + "EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'users' "
                    + "AND column_name = 'email_normalized'), coalesce((SELECT indisvalid FROM pg_index "
                    + "WHERE indexrelid = to_regclass('users_email_normalized_key')), false)")) {
                rs.next();
                return new SchemaState(track, step.name(), pending, percent, db, rs.getBoolean(1), oldService,
                        rs.getBoolean(2), rs.getBoolean(3));
            }
        }
    }
}
