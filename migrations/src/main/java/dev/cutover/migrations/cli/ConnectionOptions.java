package dev.cutover.migrations.cli;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** Where the database is: {@code --url/--user/--password}, else {@code DATABASE_URL}; both URL forms accepted. */
public final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "URL",
            description = "postgresql://user:pw@host:5432/db or jdbc:postgresql://host:5432/db (default: $DATABASE_URL)")
    String url;

    @Option(names = "--user", description = "Database user (overrides the URL's)")
    String user;

    @Option(names = "--password", description = "Database password (overrides the URL's; default: $PGPASSWORD)")
    String password;

    /** The target, with explicit options taking precedence over what the URL carries. */
    public DatabaseUrl target() {
        String raw = url != null ? url : System.getenv("DATABASE_URL");
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("no database given: pass --url or set DATABASE_URL");
        }
        DatabaseUrl parsed = DatabaseUrl.parse(raw);
        String effectiveUser = user != null ? user : parsed.user().orElse(System.getenv().getOrDefault("PGUSER", "postgres"));
        String effectivePassword = password != null ? password
                : parsed.password().orElse(System.getenv().getOrDefault("PGPASSWORD", ""));
        return new DatabaseUrl(parsed.host(), parsed.port(), parsed.database(), java.util.Optional.of(effectiveUser),
                java.util.Optional.of(effectivePassword), parsed.parameters());
    }

    public Connection connect() throws SQLException {
        return JdbcConnections.open(target());
    }
}
