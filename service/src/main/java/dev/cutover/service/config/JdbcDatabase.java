package dev.cutover.service.config;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.JdbcConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's database as plain JDBC sees it, from the same settings as the reactive pool: for the migrations at
 * start and the backfill workers, which block on their connections and so stay out of the API's pool.
 */
@ApplicationScoped
public class JdbcDatabase {

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> reactiveUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @ConfigProperty(name = DatabaseConfigSourceFactory.LAYER7_PROXY, defaultValue = "false")
    boolean behindTransactionPooler;

    /** Whether a database is configured (always in dev and test, only with DATABASE_URL in production). */
    public boolean configured() {
        return reactiveUrl.isPresent();
    }

    /** The configured database; fails naming DATABASE_URL when there is none. */
    public DatabaseUrl url() {
        return DatabaseUrl.parse(reactiveUrl.orElseThrow(() -> new IllegalStateException(
                "No database configured: set DATABASE_URL (postgresql://user:password@host:5432/db)")));
    }

    /** The user, explicit settings first, then the URL's. */
    public String user() {
        return username.or(() -> url().user()).orElse(null);
    }

    /** The password, explicit settings first, then the URL's. */
    public String password() {
        return password.or(() -> url().password()).orElse(null);
    }

    /**
     * A new connection named {@code applicationName} in pg_stat_activity. Behind a transaction pooler the driver never
     * prepares a statement by name (prepareThreshold=0): the next transaction may run on a session that lacks it.
     */
    public Connection open(String applicationName) throws SQLException {
        String jdbcUrl = url().jdbcUrl();
        if (behindTransactionPooler) {
            jdbcUrl += (jdbcUrl.contains("?") ? "&" : "?") + "prepareThreshold=0";
        }
        return JdbcConnections.open(jdbcUrl, user(), password(), applicationName);
    }
}
