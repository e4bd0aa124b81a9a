package dev.cutover.migrations.adopt;

import dev.cutover.migrations.guard.BackfillGate;
import dev.cutover.migrations.guard.BlockerPolicy;
import dev.cutover.migrations.guard.GuardEvent;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.jdbc.JdbcConnections;
import dev.cutover.migrations.guard.LockGuard;
import dev.cutover.migrations.guard.MigrationRun;
import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.adopt.Recognition.Stage;
import dev.cutover.migrations.adopt.internal.Catalog;
import dev.cutover.migrations.adopt.internal.DuplicateEmails;
import dev.cutover.migrations.adopt.internal.OldServiceSessions;
import dev.cutover.migrations.adopt.internal.TemplateSchema;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.sql.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Takes over a database built by the FastAPI template's Alembic migrations: recognises it, records the starting point
 * in Flyway's history, renames its tables to Cutover's behind views with the old names (so the old service keeps
 * working), then applies Cutover's migrations, every step under the lock guard; the contract step drops the views.
 *
 * <pre>{@code
 * AdoptionRun run = TemplateAdoption.configure().dataSource(jdbcUrl, user, password).expand();
 * }</pre>
 */
public final class TemplateAdoption {

    /** The adoption steps, Flyway-style files, runnable by hand with psql too. */
    public static final String LOCATION = "classpath:db/adopt/fastapi-template";

    /** Their own Flyway history table, so Cutover's own history keeps only Cutover's migrations. */
    public static final String HISTORY_TABLE = "cutover_adopt_history";

    /** Steps from this version on are the contract: they run only once the old service is gone. */
    public static final int CONTRACT_FROM = 100;

    private static final String BASELINE = "FastAPI template " + TemplateSchema.HEAD + " adopted";

    /** Which set of migrations a guard event belongs to. */
    public enum Track {
        /** The adoption steps under {@value #LOCATION}. */
        ADOPT,
        /** Cutover's own migrations. */
        CUTOVER
    }

    private String jdbcUrl;
    private String user;
    private String password;
    private LockGuard guard = LockGuard.defaults();
    private BlockerPolicy policy = BlockerPolicy.WAIT;
    private BackfillGate gate = Backfills.requireCompleted();
    private BiConsumer<Track, GuardEvent> listener = (track, event) -> { };
    private Duration contractWait = Duration.ZERO;
    private Predicate<SqlScript> contractStep = script -> false;

    private TemplateAdoption() {
    }

    public static TemplateAdoption configure() {
        return new TemplateAdoption();
    }

    public TemplateAdoption dataSource(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        return this;
    }

    public TemplateAdoption guard(LockGuard guard) {
        this.guard = Objects.requireNonNull(guard);
        return this;
    }

    public TemplateAdoption blockers(BlockerPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
        return this;
    }

    /** How steps marked {@code -- cutover:requires-backfill} get their backfill: required (default) or run inline. */
    public TemplateAdoption gate(BackfillGate gate) {
        this.gate = Objects.requireNonNull(gate);
        return this;
    }

    /** The wait before a contract step, in both sets of migrations; see {@link GuardedMigrator#contractWait}. */
    public TemplateAdoption contractWait(Duration wait, Predicate<SqlScript> contractStep) {
        this.contractWait = Objects.requireNonNull(wait);
        this.contractStep = Objects.requireNonNull(contractStep);
        return this;
    }

    /** Receives every guard event as it happens, with the set of migrations it belongs to. */
    public TemplateAdoption listener(BiConsumer<Track, GuardEvent> listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /** Recognises the database and says how far it is; changes nothing. */
    public Recognition check() {
        try (Connection c = open()) {
            List<String> differences = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            String revision = TemplateSchema.alembicRevision(c, differences).orElse(null);
            MigrationInfoService adopt = adoptFlyway(null).info();
            List<String> adoptApplied = versions(adopt.applied(), true);
            List<String> adoptPending = versions(adopt.pending(), false);
            Optional<MigrationInfoService> cutover = new Catalog(c).kind("flyway_schema_history").isPresent()
                    ? Optional.of(cutoverFlyway(null).load().info()) : Optional.empty();
            String cutoverVersion = cutover.map(MigrationInfoService::current).filter(m -> m.getVersion() != null)
                    .map(m -> m.getVersion().getVersion()).orElse(null);
            List<String> cutoverPending = cutover.map(i -> versions(i.pending(), false))
                    .orElseGet(() -> versions(cutoverFlyway(null).load().info().pending(), false).stream()
                            .filter(v -> !v.equals("1")).toList());
            boolean renamed = adoptApplied.contains("1");
            if (!renamed) {
                differences.addAll(TemplateSchema.differences(c, notes));
                cutover.ifPresent(info -> Arrays.stream(info.applied()).filter(m -> !m.getType().isBaseline())
                        .findFirst().ifPresent(m -> differences.add("flyway_schema_history already records Cutover "
                                + "migration V" + m.getVersion() + ": this database is not the template's as it was")));
            }
            String users = renamed ? "users" : "user";
            boolean normalizedKey = new Catalog(c).kind("users_email_normalized_key").isPresent();
            if (!normalizedKey && new Catalog(c).kind(users).isPresent() && differences.isEmpty()) {
                List<String> duplicates = DuplicateEmails.find(c, users);
                if (!duplicates.isEmpty()) {
                    differences.add("emails that differ only in case or surrounding spaces would become one account "
                            + "(Cutover's unique index on lower(btrim(email))); merge or change these first:");
                    differences.addAll(duplicates.stream().map(d -> "  " + d).toList());
                }
            }
            Stage stage;
            if (!differences.isEmpty()) {
                stage = Stage.REFUSED;
            } else if (!renamed) {
                stage = Stage.TEMPLATE;
            } else if (adoptPending.isEmpty()) {
                stage = Stage.CONTRACTED;
            } else if (adoptPending.stream().anyMatch(v -> Integer.parseInt(v) < CONTRACT_FROM)
                    || !cutoverPending.isEmpty()) {
                stage = Stage.EXPANDING;
            } else {
                stage = Stage.EXPANDED;
            }
            return new Recognition(stage, revision, List.copyOf(differences), List.copyOf(notes), adoptApplied,
                    adoptPending, cutoverVersion, cutoverPending);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database: " + e.getMessage(), e);
        }
    }

    /**
     * The expand phase: every step up to, not including, the contract; a no-op when already done, a resumption when
     * a step failed or the run was killed. Throws {@link IllegalStateException} naming the difference when the
     * database is not adoptable (nothing changed), and what {@link GuardedMigrator#migrate()} throws.
     */
    public AdoptionRun expand() {
        Recognition before = check();
        if (!before.adoptable()) {
            throw new IllegalStateException(before.summary());
        }
        if (before.stage() == Stage.EXPANDED || before.stage() == Stage.CONTRACTED) {
            return new AdoptionRun(before, List.of(), List.of(), before.cutoverVersion());
        }
        try {
            new BackfillJobs(() -> JdbcConnections.open(jdbcUrl, user, password)).ensureSchema();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Cutover's backfill state: " + e.getMessage(), e);
        }
        if (before.cutoverVersion() == null) {
            cutoverFlyway(null).configuration(Map.of("flyway.baselineVersion", "1",
                    "flyway.baselineDescription", BASELINE)).load().baseline();
        }
        List<MigrationRun.Applied> adoptSteps = guarded(Track.ADOPT, lastExpandStep()).migrate().applied();
        List<MigrationRun.Applied> cutoverSteps = new ArrayList<>();
        // Cutover's V3 adds a CHECK that every updated row must pass, whatever column the update changes: on an
        // adopted database every row predates V2's trigger, so the backfill must be complete before V3 runs.
        MigrationRun untilTrigger = guarded(Track.CUTOVER, "2").migrate();
        cutoverSteps.addAll(untilTrigger.applied());
        if ("2".equals(untilTrigger.schemaVersion())) {
            try (Connection c = open()) {
                gate.awaitComplete(Backfills.USERS_EMAIL_NORMALIZED.name(), c);
            } catch (SQLException e) {
                throw new IllegalStateException("backfill " + Backfills.USERS_EMAIL_NORMALIZED.name() + ": "
                        + e.getMessage(), e);
            }
        }
        MigrationRun rest = guarded(Track.CUTOVER, null).migrate();
        cutoverSteps.addAll(rest.applied());
        return new AdoptionRun(before, adoptSteps, cutoverSteps, rest.schemaVersion());
    }

    /**
     * The contract phase, for when the old service is gone: drops the compatibility views and the template's
     * leftovers. Refuses before the expand phase is complete, and while sessions that look like the old service
     * (their latest statement used the template's table names) are connected, unless {@code evenWithOldSessions}.
     */
    public AdoptionRun contract(boolean evenWithOldSessions) {
        Recognition before = check();
        switch (before.stage()) {
            case CONTRACTED -> {
                return new AdoptionRun(before, List.of(), List.of(), before.cutoverVersion());
            }
            case EXPANDED -> {
            }
            default -> throw new IllegalStateException("contract refused: " + before.summary()
                    + (before.stage() == Stage.REFUSED ? "" : "; the expand phase ('cutover adopt') must finish first"));
        }
        if (!evenWithOldSessions) {
            try (Connection c = open()) {
                List<String> sessions = OldServiceSessions.find(c);
                if (!sessions.isEmpty()) {
                    throw new IllegalStateException("contract refused: " + sessions.size() + " session(s) still use "
                            + "the template's tables (the old service?): " + String.join("; ", sessions)
                            + "; stop it first, or pass --force");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read pg_stat_activity: " + e.getMessage(), e);
            }
        }
        List<MigrationRun.Applied> steps = guarded(Track.ADOPT, null).migrate().applied();
        return new AdoptionRun(before, steps, List.of(), before.cutoverVersion());
    }

    private GuardedMigrator guarded(Track track, String target) {
        GuardedMigrator migrator = GuardedMigrator.configure()
                .dataSource(jdbcUrl, user, password)
                .guard(guard)
                .blockers(policy)
                .gate(gate)
                .target(target)
                .contractWait(contractWait, contractStep)
                .listener(event -> listener.accept(track, event));
        return track == Track.ADOPT
                ? migrator.locations(List.of(LOCATION)).flywayProperties(adoptHistory())
                : migrator.locations(List.of(Migrations.LOCATION));
    }

    /** The version of the last step before the contract (Flyway wants a target that exists). */
    private String lastExpandStep() {
        return Arrays.stream(adoptFlyway(null).info().all()).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).filter(v -> Integer.parseInt(v) < CONTRACT_FROM)
                .reduce((a, b) -> b).orElseThrow();
    }

    private Flyway adoptFlyway(String target) {
        var config = Flyways.configure(jdbcUrl, user, password, List.of(LOCATION), TemplateAdoption.class.getClassLoader())
                .configuration(adoptHistory());
        return (target == null ? config : config.target(target)).load();
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration cutoverFlyway(String target) {
        var config = Flyways.configure(jdbcUrl, user, password, List.of(Migrations.LOCATION),
                TemplateAdoption.class.getClassLoader());
        return target == null ? config : config.target(target);
    }

    private static Map<String, String> adoptHistory() {
        return Map.of("flyway.table", HISTORY_TABLE, "flyway.baselineOnMigrate", "true",
                "flyway.baselineVersion", "0", "flyway.baselineDescription", BASELINE);
    }

    private static List<String> versions(MigrationInfo[] infos, boolean skipBaseline) {
        return Arrays.stream(infos).filter(m -> m.getVersion() != null)
                .filter(m -> !(skipBaseline && m.getType().isBaseline()))
                .map(m -> m.getVersion().getVersion()).toList();
    }

    private Connection open() throws SQLException {
        Objects.requireNonNull(jdbcUrl, "no data source configured");
        return JdbcConnections.open(jdbcUrl, user, password);
    }
}
