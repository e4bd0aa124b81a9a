package dev.cutover.migrations.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard reads a migration with the same lexer as the linter: escaped quotes in {@code E''} strings, quotes inside
 * quoted identifiers, and keywords inside literals and comments do not change what the pre-flight looks for.
 */
@Timeout(60)
class GuardedScriptReadingTest {

    private ScratchDatabase db;

    @BeforeEach
    void usersAtV1() {
        db = ScratchDatabase.create("guard_lexing");
        migrator().target("1").migrate();
    }

    @Test
    void anEscapedQuoteDoesNotHideTheTableALaterStatementAlters() throws Exception {
        try (BlockingTransaction blocker = BlockingTransaction.open(db, "report", "SELECT count(*) FROM users")) {
            Thread.sleep(700);
            assertThatThrownBy(() -> migrator().locations(List.of(Migrations.LOCATION, "classpath:guard/escaped"))
                    .blockers(BlockerPolicy.REFUSE).target("1.6").migrate())
                    .isInstanceOf(MigrationBlockedException.class)
                    .hasMessageContaining("refused")
                    .hasMessageContaining("pid " + blocker.pid());
        }
    }

    @Test
    void concurrentlyInALiteralOrACommentIsNoConcurrentBuild() throws Exception {
        // A concurrent build waits for every old transaction, so the pre-flight would count this one as a blocker.
        try (BlockingTransaction unrelated = BlockingTransaction.open(db, "report", "SELECT 1")) {
            Thread.sleep(700);
            MigrationRun run = migrator().locations(List.of(Migrations.LOCATION, "classpath:guard/quoted"))
                    .blockers(BlockerPolicy.REFUSE).target("1.7").migrate();
            assertThat(run.applied()).extracting(MigrationRun.Applied::version).containsExactly("1.7");
            assertThat(unrelated.alive()).isTrue();
        }
        assertThat(columns()).contains("it's");
    }

    private GuardedMigrator migrator() {
        return GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .guard(LockGuard.defaults().withLockTimeout(Duration.ofMillis(100)).withMaxAttempts(2)
                        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(200)).withBlockerAge(Duration.ofMillis(500)))
                .listener(event -> { });
    }

    private List<String> columns() throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'users'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
