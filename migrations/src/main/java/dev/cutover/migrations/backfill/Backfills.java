package dev.cutover.migrations.backfill;

import dev.cutover.migrations.guard.BackfillGate;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The registry of known backfills, shared by the CLI, the service's workers and the migration gate. */
public final class Backfills {

    /** Fills {@code users.email_normalized} for rows written before migration V2 (its trigger keeps new writes right). */
    public static final Backfill USERS_EMAIL_NORMALIZED = Backfill.ofSql("users_email_normalized", "users", "id", """
            UPDATE users SET email_normalized = lower(btrim(email))
            WHERE id > $from AND id <= $to AND $slice AND email_normalized IS DISTINCT FROM lower(btrim(email))""");

    /**
     * The creation time a FastAPI-template row written before the template recorded it gets on adoption (its
     * created_at is NULL): unknown, so older than any recorded one, and newest-first lists put such rows last.
     */
    public static final String UNKNOWN_CREATION_TIME = "1970-01-01 00:00:00+00";

    /** Fills {@code users.created_at} on a database adopted from the FastAPI template (see {@code cutover adopt}). */
    public static final Backfill USERS_CREATED_AT = Backfill.ofSql("users_created_at", "users", "id", """
            UPDATE users SET created_at = '%s'
            WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL""".formatted(UNKNOWN_CREATION_TIME));

    /** Fills {@code items.created_at} on a database adopted from the FastAPI template. */
    public static final Backfill ITEMS_CREATED_AT = Backfill.ofSql("items_created_at", "items", "id", """
            UPDATE items SET created_at = '%s'
            WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL""".formatted(UNKNOWN_CREATION_TIME));

    private static final Map<String, Backfill> REGISTRY = new ConcurrentSkipListMap<>(Map.of(
            USERS_EMAIL_NORMALIZED.name(), USERS_EMAIL_NORMALIZED,
            USERS_CREATED_AT.name(), USERS_CREATED_AT,
            ITEMS_CREATED_AT.name(), ITEMS_CREATED_AT));

    private Backfills() {
    }

    /** Adds (or replaces) a backfill under its name. */
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
    public static BackfillStatus runToCompletion(String name, ConnectionSource connections, BackfillOptions options)
            throws SQLException {
        Backfill backfill = require(name);
        new BackfillJobs(connections).start(backfill, options);
        BackfillStatus end = new BackfillWorker(backfill, connections, options, BackfillListener.NONE).run();
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
    public static BackfillGate runInline(ConnectionSource connections, BackfillOptions options) {
        return (name, connection) -> runToCompletion(name, connections, options);
    }

    /** The gate that only reads the backfill's job and refuses the migration unless it completed. */
    public static BackfillGate requireCompleted() {
        return new RequireCompletedGate();
    }
}
