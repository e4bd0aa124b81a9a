package dev.cutover.service.users;

import dev.cutover.service.config.ServiceConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the datasource's pool as Quarkus would, and beside it a small client for short single-statement reads that
 * pipelines the statements of concurrent requests on a few shared connections.
 *
 * <p>Why: a pool lends each statement a connection of its own, so every lookup is one round trip that wakes one
 * PostgreSQL backend for one statement. On a shared connection the client writes the statements of concurrent
 * requests without waiting for the answers (up to the pipelining limit), and a backend reads and answers them in
 * runs: fewer wake-ups, reads and writes per statement on both sides. Only short reads outside transactions go
 * here (a slow statement would hold up the ones behind it); counts, writes and transactions stay on the pool.
 */
@Singleton
public class PipelinedReads implements PgPoolCreator {

    @Inject
    ServiceConfig config;

    private volatile io.vertx.mutiny.sqlclient.SqlClient client;

    /** The {@code application_name} of the pipelined connections, so they can be told apart in pg_stat_activity. */
    public static final String APPLICATION_NAME = "cutover-pipelined-reads";

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> servers = new ArrayList<>(input.pgConnectOptionsList());
        List<SqlConnectOptions> readServers = new ArrayList<>();
        for (PgConnectOptions server : servers) {
            // Metrics of its own (clientName="cutover-pipelined-reads" beside the pool's "<default>"): under the pool's
            // name both clients' figures went into the same meters, and the pipelined reads could not be told apart.
            // The copy constructor drops useLayer7Proxy (Vert.x 4.5): without it, reads through PgBouncer in transaction
            // mode would prepare on one server connection and execute on another.
            readServers.add(new PgConnectOptions(server).setUseLayer7Proxy(server.getUseLayer7Proxy())
                    .setMetricsName("postgresql|" + APPLICATION_NAME).addProperty("application_name", APPLICATION_NAME));
        }
        PoolOptions readOptions = new PoolOptions(input.poolOptions())
                .setName(input.poolOptions().getName() + "-pipelined-reads")
                .setMaxSize(Math.max(1, config.database().pipelinedReadConnections()));
        SqlClient reads = PgBuilder.client().with(readOptions).connectingTo(readServers)
                .using(input.vertx()).build();
        client = io.vertx.mutiny.sqlclient.SqlClient.newInstance(reads);
        return PgDriver.INSTANCE.createPool(input.vertx(), servers, input.poolOptions());
    }

    @PreDestroy
    void close() {
        var created = client;
        if (created != null) {
            created.closeAndAwait();
        }
    }

    /** Whether the pool, and with it the pipelining client, has been created. */
    public boolean created() {
        return client != null;
    }

    /** The pipelining client, created with the pool. */
    public io.vertx.mutiny.sqlclient.SqlClient client() {
        var created = client;
        if (created == null) {
            throw new IllegalStateException("the datasource's pool has not been created yet");
        }
        return created;
    }
}
