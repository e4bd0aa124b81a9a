package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.ConnectionSource;
import dev.cutover.service.config.JdbcDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC connections to the service's database for the backfill workers and endpoints, beside (not from) the
 * API's reactive pool: a worker holds one connection for its whole run and blocks on it, which the pool must not see.
 */
@ApplicationScoped
public class BackfillDatabase implements ConnectionSource {

    @Inject
    JdbcDatabase database;

    @Override
    public Connection open() throws SQLException {
        return database.open("cutover-backfill");
    }
}
