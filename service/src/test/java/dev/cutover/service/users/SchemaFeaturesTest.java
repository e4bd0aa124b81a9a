package dev.cutover.service.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.Test;

/** The catalog is read again every second while the application runs, and never after it stopped. */
class SchemaFeaturesTest {

    @Test
    void theReadsStopWithTheApplicationThoughVertxGoesOn() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("schema_features");
        Migrations.apply(db.jdbcUrl(), db.user(), db.password());
        Vertx vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                .setUser(db.user()).setPassword(db.password() == null ? "" : db.password());
        Pool pool = Pool.newInstance(PgBuilder.pool().connectingTo(options).using(vertx).build());
        try {
            SchemaFeatures features = new SchemaFeatures();
            features.pool = pool;
            features.vertx = vertx;
            features.refresh();
            assertThat(features.normalizedEmailReads()).isTrue();
            Thread.sleep(2_500);
            assertThat(features.reads.get()).as("reads while running").isGreaterThanOrEqualTo(1);

            features.stop();
            pool.closeAndAwait();
            long stoppedAt = features.reads.get();
            Thread.sleep(2_500);
            assertThat(features.reads.get()).as("reads after the application stopped").isEqualTo(stoppedAt);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
