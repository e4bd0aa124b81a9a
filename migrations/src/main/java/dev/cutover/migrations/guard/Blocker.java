package dev.cutover.migrations.guard;

import dev.cutover.migrations.sql.DurationText;
import java.time.Duration;

/**
 * A session that blocks, or would block, a migration: who it is and what it holds.
 *
 * @param lockModes the modes it holds on the migration's tables (e.g. AccessShareLock), empty when it only holds an old
 *                  snapshot (which a concurrent index build waits for)
 */
public record Blocker(int pid, String user, String application, String state, Duration transactionAge,
                      String query, String lockModes, String relations) {

    /** One line: {@code pid 4242 (user app, application psql, idle in transaction for 41.2s, holds AccessShareLock on users): SELECT ...}. */
    public String describe() {
        StringBuilder s = new StringBuilder("pid ").append(pid).append(" (user ").append(user);
        if (application != null && !application.isBlank()) {
            s.append(", application ").append(application);
        }
        s.append(", ").append(state).append(" for ").append(DurationText.human(transactionAge));
        if (lockModes != null && !lockModes.isBlank()) {
            s.append(", holds ").append(lockModes).append(" on ").append(relations);
        }
        s.append("): ").append(shortQuery());
        return s.toString();
    }

    private String shortQuery() {
        String q = query == null ? "" : query.replaceAll("\\s+", " ").trim();
        return q.length() > 120 ? q.substring(0, 117) + "..." : q;
    }
}
