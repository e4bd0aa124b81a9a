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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The incident and its fix, against a real PostgreSQL: a long transaction holds a lock on users while traffic reads
 * it and the expand step V2 ({@code ALTER TABLE users ADD COLUMN}) runs.
 */
@Timeout(120)
class GuardedMigratorTest {

    private static final long BLOCKER_MILLIS = 4_000;

    private ScratchDatabase db;
    private final List<GuardEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void usersAtV1() throws SQLException {
        db = ScratchDatabase.create("guard");
        migrator(LockGuard.defaults()).target("1").migrate();
        execute("INSERT INTO users (id, email, hashed_password) "
                + "SELECT gen_random_uuid(), 'user' || g || '@example.com', 'x' FROM generate_series(1, 2000) g");
        events.clear();
    }

    @Test
    void anUnguardedAlterQueuesEveryQueryBehindTheBlocker() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users");
             Traffic traffic = Traffic.start(db, 4)) {
            Thread.sleep(300);
            blocker.commitAfter(BLOCKER_MILLIS);
            // Flyway's own way: no lock_timeout, the ALTER waits for the blocker and everyone waits for the ALTER.
            CompletableFuture<Void> alter = CompletableFuture.runAsync(() -> execute(
                    "ALTER TABLE users ADD COLUMN email_normalized text"));
            alter.get();
            Thread.sleep(200);
            assertThat(traffic.slowestMillis()).as("slowest read while the ALTER queued").isGreaterThan(BLOCKER_MILLIS / 2);
        }
    }

    @Test
    void theGuardedAlterMakesQueriesWaitAtMostAboutLockTimeoutAndRetriesUntilTheBlockerEnds() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users");
             Traffic traffic = Traffic.start(db, 4)) {
            Thread.sleep(300);
            blocker.commitAfter(BLOCKER_MILLIS);
            MigrationRun run = migrator(guard()).blockers(BlockerPolicy.IGNORE).target("2").migrate();

            assertThat(run.schemaVersion()).isEqualTo("2");
            assertThat(run.applied().get(0).attempts()).isGreaterThan(1);
            assertThat(events).filteredOn(e -> e.kind() == GuardEvent.Kind.LOCK_TIMEOUT).first()
                    .satisfies(e -> assertThat(e.blockers()).extracting(Blocker::pid).contains(blocker.pid()));
            assertThat(traffic.slowestMillis()).as("slowest read while the guarded ALTER retried").isLessThan(1_500);
            assertThat(traffic.errors()).isEmpty();
        }
        assertThat(columns()).contains("email_normalized");
    }

    @Test
    void thePreflightWaitsForAKnownBlockerWithoutQueueingALockRequest() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users");
             Traffic traffic = Traffic.start(db, 4)) {
            Thread.sleep(1_300);
            blocker.commitAfter(BLOCKER_MILLIS);
            MigrationRun run = migrator(guard()).target("2").migrate();

            assertThat(run.applied().get(0).attempts()).isEqualTo(1);
            assertThat(run.applied().get(0).waitedForBlockers()).isGreaterThan(Duration.ofSeconds(2));
            GuardEvent found = events.stream().filter(e -> e.kind() == GuardEvent.Kind.BLOCKERS_FOUND).findFirst().orElseThrow();
            Blocker named = found.blockers().get(0);
            assertThat(named.pid()).isEqualTo(blocker.pid());
            assertThat(named.application()).isEqualTo("nightly-report");
            assertThat(named.state()).isEqualTo("idle in transaction");
            assertThat(named.lockModes()).contains("AccessShareLock");
            assertThat(named.query()).contains("SELECT count(*) FROM users");
            assertThat(events).noneMatch(e -> e.kind() == GuardEvent.Kind.LOCK_TIMEOUT);
            assertThat(traffic.slowestMillis()).isLessThan(1_000);
        }
    }

    @Test
    void refuseNamesTheBlockerAndAppliesNothing() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users")) {
            Thread.sleep(1_300);
            assertThatThrownBy(() -> migrator(guard()).blockers(BlockerPolicy.REFUSE).target("2").migrate())
                    .isInstanceOf(MigrationBlockedException.class)
                    .hasMessageContaining("pid " + blocker.pid())
                    .hasMessageContaining("nightly-report")
                    .hasMessageContaining("idle in transaction");
        }
        assertThat(columns()).doesNotContain("email_normalized");
    }

    @Test
    void cancelTerminatesAnIdleBlockerOnlyWhenAskedTo() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "forgotten-console", "SELECT count(*) FROM users")) {
            Thread.sleep(1_300);
            MigrationRun run = migrator(guard()).blockers(BlockerPolicy.CANCEL).target("2").migrate();
            assertThat(run.schemaVersion()).isEqualTo("2");
            assertThat(blocker.alive()).isFalse();
            assertThat(events).anyMatch(e -> e.kind() == GuardEvent.Kind.BLOCKERS_CANCELLED
                    && e.message().contains("terminated pid " + blocker.pid()));
        }
    }

    @Test
    void aSpentBudgetFailsFastLeavesNothingAppliedAndTheNextRunSucceeds() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> migrator(guard().withRetryBudget(Duration.ofSeconds(2)))
                    .blockers(BlockerPolicy.IGNORE).target("2").migrate())
                    .isInstanceOf(MigrationBlockedException.class)
                    .hasMessageContaining("retry budget")
                    .hasMessageContaining("pid " + blocker.pid());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(columns()).doesNotContain("email_normalized");
        }
        MigrationRun retry = migrator(guard()).target("2").migrate();
        assertThat(retry.schemaVersion()).isEqualTo("2");
    }

    @Test
    void maxAttemptsBoundsTheRetries() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "nightly-report", "SELECT count(*) FROM users")) {
            assertThatThrownBy(() -> migrator(guard().withMaxAttempts(2)).blockers(BlockerPolicy.IGNORE).target("2").migrate())
                    .isInstanceOf(MigrationBlockedException.class)
                    .hasMessageContaining("after 2 attempts");
            assertThat(events).filteredOn(e -> e.kind() == GuardEvent.Kind.ATTEMPT).hasSize(2);
        }
    }

    @Test
    void aMigrationThatFailsForAnotherReasonIsRolledBackAndNamedInOneLine() throws Exception {
        execute("UPDATE users SET email = 'x' WHERE false");
        List<String> locations = List.of(Migrations.LOCATION, "classpath:guard/failing");
        assertThatThrownBy(() -> migrator(guard()).locations(locations).migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1.5")
                .hasMessageContaining("SQLSTATE 42703");
        assertThat(columns()).doesNotContain("half_done");
    }

    private LockGuard guard() {
        return LockGuard.defaults().withLockTimeout(Duration.ofMillis(100)).withBackoff(Duration.ofMillis(300),
                Duration.ofSeconds(1)).withBlockerAge(Duration.ofMillis(500));
    }

    private GuardedMigrator migrator(LockGuard guard) {
        return GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).guard(guard)
                .listener(events::add);
    }

    private List<String> columns() throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'users'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
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
