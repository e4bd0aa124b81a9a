package dev.cutover.service.backfill;

import dev.cutover.migrations.DatabaseUrl;
import dev.cutover.migrations.backfill.ConnectionSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Plain JDBC connections to the service's database for the backfill workers and endpoints, beside (not from) the
 * API's reactive pool: a worker holds one connection for its whole run and blocks on it, which the pool must not see.
 */
@ApplicationScoped
public class BackfillDatabase implements ConnectionSource {

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> reactiveUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Override
    public Connection open() throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(reactiveUrl.orElseThrow(
                () -> new IllegalStateException("No database configured: set DATABASE_URL")));
        Properties props = new Properties();
        username.or(url::user).ifPresent(u -> props.setProperty("user", u));
        password.or(url::password).ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "cutover-backfill");
        // The driver class itself, not DriverManager: Quarkus' class loaders hide drivers from DriverManager in tests.
        return new org.postgresql.Driver().connect(url.jdbcUrl(), props);
    }
}
