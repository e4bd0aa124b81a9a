package dev.cutover.migrations.probe;

import java.util.List;

/**
 * What one migration did to one table that existed before it: the lock modes PostgreSQL granted (SQL names such as
 * {@code ACCESS EXCLUSIVE}), the strongest of them and what it blocks, whether the table was rewritten (its
 * relfilenode changed), and the target database's size of that table ({@code null} when it has no such table).
 */
public record TableLock(String table, List<String> locks, String strongest, String blocks, boolean rewrite,
        Long targetBytes, Long targetRowsEstimate) {
}
