package dev.cutover.migrations.backfill;

import dev.cutover.migrations.jdbc.SqlStates;
import java.sql.SQLException;

/**
 * Thrown by a {@link BackfillWorker} whose database role cannot see the lock waiters, old transactions and replica lag
 * it backs off on; the message names the role and the grant that fixes it.
 */
public final class BlindThrottlesException extends SQLException {

    public BlindThrottlesException(String message) {
        super(message, SqlStates.INSUFFICIENT_PRIVILEGE);
    }
}
