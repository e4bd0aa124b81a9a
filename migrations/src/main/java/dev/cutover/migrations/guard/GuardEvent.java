package dev.cutover.migrations.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One thing the guarded runner did or saw, in order: what an operator reads in the log and a test asserts on.
 *
 * @param version  the migration's version
 * @param attempt  the attempt it belongs to (1-based), 0 before the first
 * @param elapsed  time since this migration's first step
 * @param blockers the sessions involved, when the event is about them
 */
public record GuardEvent(Instant at, Kind kind, String version, int attempt, Duration elapsed, String message,
                         List<Blocker> blockers) {

    /** What happened. */
    public enum Kind {
        /** Sessions that would block the migration were found before trying it. */
        BLOCKERS_FOUND,
        /** Blockers were cancelled or terminated (policy CANCEL). */
        BLOCKERS_CANCELLED,
        /** An INVALID index left by an interrupted concurrent build was dropped so the build can run again. */
        INVALID_INDEX_DROPPED,
        /**
         * A contract step (it drops or renames) waits before its first attempt, because an earlier step of the same
         * run changed the schema and services connected to the database may not have switched to it yet.
         */
        CONTRACT_WAIT,
        /** An attempt started. */
        ATTEMPT,
        /** The attempt failed on lock_timeout; it was rolled back. */
        LOCK_TIMEOUT,
        /** Sleeping before the next attempt. */
        BACKOFF,
        /** The migration is applied. */
        APPLIED,
        /** The migration failed for good. */
        FAILED
    }

    /** A line for logs: {@code V2 attempt 3 lock_timeout after 0.1s: blocked by pid 4242 (...)}. */
    public String describe() {
        StringBuilder s = new StringBuilder("V").append(version);
        if (attempt > 0) {
            s.append(" attempt ").append(attempt);
        }
        s.append(": ").append(message);
        for (Blocker b : blockers) {
            s.append("\n    ").append(b.describe());
        }
        return s.toString();
    }
}
