package dev.cutover.migrations.backfill;

import dev.cutover.migrations.backfill.internal.JobStore;
import dev.cutover.migrations.backfill.internal.KeySpace;
import dev.cutover.migrations.backfill.internal.SqlBackfillFiles;
import dev.cutover.migrations.guard.BackfillGate;
import dev.cutover.migrations.sql.MigrationFiles;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/** The registry of known backfills, shared by the CLI, the service's workers and the migration gate. */
public final class Backfills {

    /**
     * Below this many rows in its table a required backfill runs inline during {@code cutover migrate}: a few seconds
     * at most, and zero rows on a new database, so a fresh database migrates in one command.
     */
    public static final long INLINE_BELOW_ROWS = 10_000;

    /** The SQL backfills beside the service's migrations ({@code classpath:db/backfill}) and those registered in Java. */
    private static final Map<String, Backfill> REGISTRY = new ConcurrentSkipListMap<>();

    static {
        loadBeside(List.of(MigrationFiles.DEFAULT_LOCATION));
    }

    /**
     * The shipped example, declared in {@code db/backfill/users_email_normalized.sql}; read by its name as well, for
     * class loaders that cannot list a resource folder.
     */
    public static final Backfill USERS_EMAIL_NORMALIZED = find("users_email_normalized")
            .orElseGet(() -> {
                Backfill b = SqlBackfillFiles.shipped("users_email_normalized");
                register(b);
                return b;
            });

    static {
        // Shipped for `cutover adopt` (the created_at of a FastAPI-template database); read by name too, as above.
        for (String name : List.of("users_created_at", "items_created_at")) {
            if (find(name).isEmpty()) {
                register(SqlBackfillFiles.shipped(name));
            }
        }
    }

    private Backfills() {
    }

    /**
     * Registers the SQL backfills in the {@code backfill} folder beside each migration location
     * ({@code classpath:db/migration} → {@code classpath:db/backfill}, {@code filesystem:/x/migration} →
     * {@code filesystem:/x/backfill}); returns them. A malformed file is an {@link IllegalArgumentException} naming it.
     */
    public static List<Backfill> loadBeside(List<String> migrationLocations) {
        List<Backfill> found = SqlBackfillFiles.beside(migrationLocations);
        found.forEach(Backfills::register);
        return found;
    }

    /** Adds (or replaces) a backfill under its name: how a backfill written in Java is made known. */
    public static void register(Backfill backfill) {
        REGISTRY.put(backfill.name(), backfill);
    }

    public static Optional<Backfill> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    /** The backfill named so; an {@link IllegalArgumentException} naming the known ones otherwise. */
    public static Backfill require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown backfill " + name + " (known: " + String.join(", ", new TreeMap<>(REGISTRY).keySet()) + ")"));
    }

    public static Collection<Backfill> all() {
        return List.copyOf(REGISTRY.values());
    }

    /**
     * Starts (or resumes) the named backfill and runs it in this thread until it completes; throws
     * {@link IllegalStateException} with the job's state and last error if it ends any other way.
     */
    public static BackfillStatus runToCompletion(String name, ConnectionSource connections, BackfillPacing options)
            throws SQLException {
        Backfill backfill = require(name);
        new BackfillJobs(connections).start(backfill, options);
        BackfillStatus end = new BackfillWorker(backfill, connections, options, BackfillListener.NONE)
                .withoutSignalCheck().run();
        if (end.state() != JobState.COMPLETED) {
            throw new IllegalStateException("backfill " + name + " ended " + end.state().dbValue()
                    + end.lastError().map(e -> ": " + e).orElse(""));
        }
        return end;
    }

    /**
     * The migration gate that runs a required backfill to completion right there, on {@code connections}: for dev and
     * test databases and small tables. In production the backfill runs on its own workers and the migration waits
     * for it ({@link #requireCompleted()}).
     */
    public static BackfillGate runInline(ConnectionSource connections, BackfillPacing options) {
        return (name, connection) -> runToCompletion(name, connections, options);
    }

    /** The gate that only reads the backfill's job and refuses the migration unless it completed. */
    public static BackfillGate requireCompleted() {
        return new RequireCompletedGate();
    }

    /**
     * The gate of {@code cutover migrate}: a completed backfill passes; one whose table has fewer than
     * {@code inlineBelowRows} rows runs to completion right there, and {@code notice} hears that it did; any other is
     * refused, as {@link #requireCompleted()} refuses it, with the table's size in the reason.
     */
    public static BackfillGate runInlineWhenSmall(ConnectionSource connections, BackfillPacing options,
                                                  long inlineBelowRows, Consumer<String> notice) {
        BackfillGate required = requireCompleted();
        return (name, connection) -> {
            if (JobStore.state(connection, name).orElse(null) == JobState.COMPLETED) {
                return;
            }
            Backfill backfill = require(name);
            long rows = KeySpace.estimateRows(connection, backfill.table());
            if (rows < inlineBelowRows) {
                BackfillStatus end = runToCompletion(name, connections, options);
                notice.accept("backfill " + name + " ran inline: " + backfill.table() + " has " + rows + " row(s), under "
                        + "the inline threshold of " + inlineBelowRows + "; " + end.rowsDone() + " row(s) changed");
                return;
            }
            try {
                required.awaitComplete(name, connection);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + " (" + backfill.table() + " has about " + rows
                        + " rows, too many to run inline below " + inlineBelowRows + ")", e);
            }
        };
    }
}
