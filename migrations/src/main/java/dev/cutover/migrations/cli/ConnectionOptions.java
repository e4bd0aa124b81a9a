package dev.cutover.migrations.cli;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.JdbcConnections;
import dev.cutover.migrations.jdbc.PgPass;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/**
 * Where the database is: {@code --url}, else {@code DATABASE_URL}; both URL forms accepted. The password comes, as with
 * libpq, from the URL, else {@code PGPASSWORD}, else the password file; {@code --password} is there for completeness
 * but shows the password to everyone who can run {@code ps}.
 */
public final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "URL", description = {
            "postgresql://user@host:5432/db (several host:port pairs, or a socket directory as ?host=/var/run/postgresql,"
                    + " as libpq takes them) or jdbc:postgresql://host:5432/db. Default: $DATABASE_URL, the better place"
                    + " for a URL that holds a password."})
    String url;

    @Option(names = "--user", description = "Database user (overrides the URL's; default: $PGUSER, else postgres)")
    String user;

    @Option(names = "--password", description = {
            "Avoid: other users see it in ps. Set PGPASSWORD, put it in DATABASE_URL or in ~/.pgpass ($PGPASSFILE)"
                    + " instead, which are read in that order when the URL has none."})
    String password;

    /** The target, with explicit options taking precedence over what the URL carries, then the environment. */
    public DatabaseUrl target() {
        String raw = url != null ? url : System.getenv("DATABASE_URL");
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("no database given: pass --url or set DATABASE_URL");
        }
        DatabaseUrl parsed = DatabaseUrl.parse(raw);
        String effectiveUser = user != null ? user : parsed.user().orElse(System.getenv().getOrDefault("PGUSER", "postgres"));
        String effectivePassword = password != null ? password : parsed.password()
                .or(() -> java.util.Optional.ofNullable(System.getenv("PGPASSWORD")))
                .or(() -> PgPass.lookup(PgPass.defaultFile(), parsed.hosts().get(0), parsed.database(), effectiveUser))
                .orElse("");
        return parsed.withCredentials(effectiveUser, effectivePassword);
    }

    public Connection connect() throws SQLException {
        return JdbcConnections.open(target());
    }
}
