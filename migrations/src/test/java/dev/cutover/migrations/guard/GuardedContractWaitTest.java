package dev.cutover.migrations.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.lint.Linter;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract step applied in the same run as the step it depends on waits for connected services to see that step:
 * V2 builds the index the application switches to, V3 drops the one it used before.
 */
@Timeout(60)
class GuardedContractWaitTest {

    private static final Duration WAIT = Duration.ofMillis(1_500);

    @TempDir
    Path migrations;
    private ScratchDatabase db;
    private final List<GuardEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void threeSteps() throws IOException {
        Files.writeString(migrations.resolve("V1__accounts.sql"),
                "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);\n"
                        + "CREATE UNIQUE INDEX accounts_email_key ON accounts (email);\n");
        Files.writeString(migrations.resolve("V2__accounts_email_lower_key.sql"),
                "CREATE UNIQUE INDEX CONCURRENTLY accounts_email_lower_key ON accounts (lower(email));\n");
        Files.writeString(migrations.resolve("V3__drop_accounts_email_key.sql"),
                "DROP INDEX CONCURRENTLY IF EXISTS accounts_email_key;\n");
        db = ScratchDatabase.create("contract_wait");
    }

    @Test
    void aContractStepRightAfterItsExpandWaitsWhileAServiceIsConnected() throws Exception {
        migrator(WAIT).target("1").migrate();
        events.clear();
        try (Connection service = serviceSession()) {
            MigrationRun run = migrator(WAIT).migrate();

            assertThat(run.schemaVersion()).isEqualTo("3");
            GuardEvent waited = only(GuardEvent.Kind.CONTRACT_WAIT);
            assertThat(waited.version()).isEqualTo("3");
            assertThat(waited.message()).contains("cutover-service (1)");
            GuardEvent expandApplied = events.stream()
                    .filter(e -> e.kind() == GuardEvent.Kind.APPLIED && e.version().equals("2")).findFirst().orElseThrow();
            GuardEvent contractTried = events.stream()
                    .filter(e -> e.kind() == GuardEvent.Kind.ATTEMPT && e.version().equals("3")).findFirst().orElseThrow();
            assertThat(Duration.between(expandApplied.at(), contractTried.at())).isGreaterThanOrEqualTo(WAIT);
        }
    }

    @Test
    void withNobodyElseConnectedTheRunDoesNotWait() {
        migrator(WAIT).migrate();

        assertThat(events).noneMatch(e -> e.kind() == GuardEvent.Kind.CONTRACT_WAIT);
    }

    @Test
    void aContractStepThatStartsItsRunDoesNotWait() throws Exception {
        migrator(WAIT).target("2").migrate();
        events.clear();
        try (Connection service = serviceSession()) {
            migrator(WAIT).migrate();
        }

        assertThat(events).noneMatch(e -> e.kind() == GuardEvent.Kind.CONTRACT_WAIT);
        assertThat(events).anyMatch(e -> e.kind() == GuardEvent.Kind.APPLIED && e.version().equals("3"));
    }

    @Test
    void aZeroWaitNeverWaits() throws Exception {
        try (Connection service = serviceSession()) {
            migrator(Duration.ZERO).migrate();
        }

        assertThat(events).noneMatch(e -> e.kind() == GuardEvent.Kind.CONTRACT_WAIT);
    }

    private Connection serviceSession() throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'cutover-service'");
        }
        return c;
    }

    private GuardEvent only(GuardEvent.Kind kind) {
        List<GuardEvent> found = events.stream().filter(e -> e.kind() == kind).toList();
        assertThat(found).as("%s events", kind).hasSize(1);
        return found.get(0);
    }

    private GuardedMigrator migrator(Duration contractWait) {
        return GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(List.of("filesystem:" + migrations))
                .contractWait(contractWait, Linter.standard()::isContractStep).listener(events::add);
    }
}
