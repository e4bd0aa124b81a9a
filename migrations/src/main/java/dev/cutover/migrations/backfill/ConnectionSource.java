package dev.cutover.migrations.backfill;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new JDBC connection to the database being backfilled; a worker keeps one open for its whole run. */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
