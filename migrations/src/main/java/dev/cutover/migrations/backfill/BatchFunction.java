package dev.cutover.migrations.backfill;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A backfill written in Java: changes the rows of one key range inside the worker's open transaction and returns how
 * many it changed. It must be idempotent (leave rows that are already right alone) and must not commit.
 */
@FunctionalInterface
public interface BatchFunction {

    long apply(Connection transaction, KeyRange range) throws SQLException;

    /**
     * Whether this function changes only the rows of {@code range}'s slice (see {@link KeyRange#shareLow()}); when it
     * does, the worker may do each range in several transactions so that most new row versions stay on their page.
     */
    default boolean slices() {
        return false;
    }
}
