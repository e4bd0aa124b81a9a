package dev.cutover.migrations.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Migrations that cannot run in a transaction, and the per-migration directives. */
@Timeout(120)
class GuardedConcurrentIndexTest {

    private static final List<String> CONCURRENT = List.of(Migrations.LOCATION, "classpath:guard/concurrent");

    private ScratchDatabase db;
    private final List<GuardEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void usersAtV1() throws SQLException {
        db = ScratchDatabase.create("guard_cic");
        migrator().target("1").migrate();
        execute("INSERT INTO users (id, email, hashed_password) "
                + "SELECT gen_random_uuid(), 'user' || g || '@example.com', 'x' FROM generate_series(1, 2000) g");
        events.clear();
    }

    @Test
    void aConcurrentIndexBuildRunsWithoutFlywaysTransactionalLockAndDoesNotHang() {
        MigrationRun run = migrator().locations(CONCURRENT).target("1.1").migrate();
        assertThat(run.schemaVersion()).isEqualTo("1.1");
        assertThat(indexValidity("users_email_lower_idx")).isEqualTo("valid");
    }

    @Test
    void anInvalidIndexLeftByAnInterruptedBuildIsDroppedAndBuiltAgain() throws Exception {
        try (BlockingTransaction writer = BlockingTransaction.open(db, "slow-writer",
                "UPDATE users SET full_name = 'x' WHERE email = 'user1@example.com'")) {
            assertThatThrownBy(() -> migrator().locations(CONCURRENT).guard(guard().withMaxAttempts(1))
                    .blockers(BlockerPolicy.IGNORE).target("1.1").migrate())
                    .isInstanceOf(MigrationBlockedException.class)
                    .hasMessageContaining("pid " + writer.pid());
        }
        assertThat(indexValidity("users_email_lower_idx")).isEqualTo("invalid");

        MigrationRun run = migrator().locations(CONCURRENT).target("1.1").migrate();

        assertThat(run.schemaVersion()).isEqualTo("1.1");
        assertThat(events).anyMatch(e -> e.kind() == GuardEvent.Kind.INVALID_INDEX_DROPPED
                && e.message().contains("users_email_lower_idx"));
        assertThat(indexValidity("users_email_lower_idx")).isEqualTo("valid");
    }

    @Test
    void aConcurrentBuildThatTimedOutIsRetriedInTheSameRun() throws Exception {
        try (BlockingTransaction writer = BlockingTransaction.open(db, "slow-writer",
                "UPDATE users SET full_name = 'x' WHERE email = 'user1@example.com'")) {
            writer.commitAfter(1_500);
            MigrationRun run = migrator().locations(CONCURRENT).blockers(BlockerPolicy.IGNORE).target("1.1").migrate();

            assertThat(run.schemaVersion()).isEqualTo("1.1");
            assertThat(run.applied().get(0).attempts()).isGreaterThan(1);
        }
        assertThat(events).anyMatch(e -> e.kind() == GuardEvent.Kind.LOCK_TIMEOUT);
        assertThat(events).anyMatch(e -> e.kind() == GuardEvent.Kind.INVALID_INDEX_DROPPED);
        assertThat(indexValidity("users_email_lower_idx")).isEqualTo("valid");
    }

    @Test
    void aMigrationsDirectivesOverrideTheGuardForItAlone() throws SQLException {
        migrator().locations(List.of(Migrations.LOCATION, "classpath:guard/directives")).target("1.3").migrate();

        assertThat(row("SELECT lock_timeout, statement_timeout, application FROM seen_overridden"))
                .containsExactly("2s", "30min", GuardConfig.APPLICATION_NAME);
        assertThat(row("SELECT lock_timeout, statement_timeout FROM seen_default")).containsExactly("100ms", "15min");
    }

    private LockGuard guard() {
        return LockGuard.defaults().withBackoff(Duration.ofMillis(200), Duration.ofMillis(500));
    }

    private GuardedMigrator migrator() {
        return GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).guard(guard())
                .listener(events::add);
    }

    private String indexValidity(String index) {
        List<String> r = row("SELECT CASE WHEN indisvalid THEN 'valid' ELSE 'invalid' END FROM pg_index "
                + "WHERE indexrelid = to_regclass('" + index + "')");
        return r.isEmpty() ? "missing" : r.get(0);
    }

    private List<String> row(String sql) {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
