package dev.cutover.migrations.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container, for machines where Docker works. */
final class ContainerServer {

    static final String IMAGE = "postgres:15-alpine";

    private ContainerServer() {
    }

    static boolean dockerWorks() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by the Testcontainers reaper or the shutdown hook
    static PostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername("postgres").withPassword("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-postgres-container"));
        return new PostgresServer.RunningServer(container.getHost(), container.getMappedPort(5432),
                "postgres", "postgres", "Testcontainers " + IMAGE);
    }
}
