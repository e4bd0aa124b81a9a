package dev.cutover.migrations.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** Direct connections keep their own backends; the service's PgBouncerIT shows a transaction pooler caught. */
class SharedSessionsTest {

    @Test
    void twoDirectConnectionsShareNothing() throws Exception {
        ScratchDatabase db = ScratchDatabase.shared("shared_sessions");
        try (Connection a = db.connect(); Connection b = db.connect()) {
            assertThat(SharedSessions.evidence(a, b)).isEmpty();
        }
    }

    @Test
    void oneConnectionAskedTwiceIsOneSessionServedByOneBackend() throws Exception {
        ScratchDatabase db = ScratchDatabase.shared("shared_sessions");
        try (Connection a = db.connect()) {
            assertThat(SharedSessions.evidence(a, a)).as("the same backend seen by 'both' clients")
                    .hasValueSatisfying(e -> assertThat(e).contains("same server process"));
        }
    }
}
