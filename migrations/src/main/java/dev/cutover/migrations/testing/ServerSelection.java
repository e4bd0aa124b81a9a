package dev.cutover.migrations.testing;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks and starts the JVM's scratch server once. Quarkus runs code in several class loaders, so the choice is
 * published in system properties, which every loader sees, rather than kept in a static field alone.
 */
final class ServerSelection {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSelection.class);
    private static final String PUBLISHED = "scratchdb.server";

    private ServerSelection() {
    }

    static PostgresServer shared() {
        synchronized (System.getProperties()) {
            String published = System.getProperty(PUBLISHED);
            if (published != null) {
                return PostgresServer.at(DatabaseUrl.parse(published), "started earlier in this JVM");
            }
            PostgresServer server = choose();
            System.setProperty(PUBLISHED, "postgresql://" + encode(server.user()) + ":" + encode(server.password())
                    + "@" + server.host() + ":" + server.port() + "/postgres");
            LOG.info("Scratch databases go to {}", server.describe());
            return server;
        }
    }

    private static PostgresServer choose() {
        String configured = System.getProperty("scratchdb.url", System.getenv(PostgresServer.URL_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return PostgresServer.at(DatabaseUrl.parse(configured), PostgresServer.URL_VARIABLE);
        }
        if (ContainerServer.dockerWorks()) {
            return ContainerServer.start();
        }
        return EmbeddedServer.start();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
