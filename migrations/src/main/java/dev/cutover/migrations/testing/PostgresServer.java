package dev.cutover.migrations.testing;

import dev.cutover.migrations.jdbc.DatabaseUrl;

/**
 * A PostgreSQL server to create scratch databases on: the one configured by {@value #URL_VARIABLE}, else a
 * Testcontainers one where Docker works, else an embedded one.
 */
public interface PostgresServer {

    /** Environment variable (or system property {@code scratchdb.url}) naming a server to use. */
    String URL_VARIABLE = "CUTOVER_TEST_DATABASE_URL";

    String host();

    int port();

    String user();

    String password();

    /** A JDBC URL of a database that always exists on the server, for creating and dropping others. */
    default String adminJdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
    }

    /** Names the server and how it was chosen, for messages. */
    String describe();

    /** The server this JVM uses, started on first use and shared by every class loader in the JVM. */
    static PostgresServer shared() {
        return ServerSelection.shared();
    }

    /** The server named by a URL, which must already be running. */
    static PostgresServer at(DatabaseUrl url, String how) {
        String user = url.user().orElse("postgres");
        String password = url.password().orElse("");
        return new RunningServer(url.host(), url.port(), user, password, how);
    }

    /** A server someone else runs. */
    record RunningServer(String host, int port, String user, String password, String how) implements PostgresServer {
        @Override
        public String describe() {
            return "PostgreSQL at " + host + ":" + port + " (" + how + ")";
        }
    }
}
