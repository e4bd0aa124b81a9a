package dev.cutover.migrations.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackfillCorrectnessTest {

    private static final BackfillPacing SMALL_BATCHES = BackfillPacing.defaults().withBatchSizes(200, 200, 200);

    @Test
    void fillsEveryRowWhileTheApplicationInsertsAndUpdates() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_concurrent", 20_000);
        assertThat(UsersTable.wrongRows(db)).isEqualTo(20_000);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        // The application's writes during the run: new users, and email changes on old rows (backfilled or not yet).
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, email, hashed_password) "
                         + "VALUES (?, ?, 'h')");
                 PreparedStatement update = c.prepareStatement("UPDATE users SET email = ' Changed' || ? || '@X.org' "
                         + "WHERE id = (SELECT id FROM users ORDER BY id OFFSET ? LIMIT 1)")) {
                while (writing.get()) {
                    long n = writes.incrementAndGet();
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "New" + n + "@Example.com");
                    insert.executeUpdate();
                    update.setLong(1, n);
                    update.setInt(2, ThreadLocalRandom.current().nextInt(20_000));
                    update.executeUpdate();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        BackfillStatus end = Backfills.runToCompletion("users_email_normalized", db::connect, SMALL_BATCHES);
        writing.set(false);
        writer.join();

        assertThat(writes.get()).as("writes during the run").isGreaterThan(10);
        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.batches()).isGreaterThanOrEqualTo(100);
        assertThat(UsersTable.wrongRows(db)).isZero();
        // Rows inserted during the run come right from the trigger, so the backfill changes at most the old rows.
        assertThat(end.rowsDone()).isBetween(19_000L, 20_000L);
        assertThat(end.keysScanned()).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        ScratchDatabase db = UsersTable.withUsersBeforeV2("backfill_idempotent", 1_000);
        Backfills.runToCompletion("users_email_normalized", db::connect, SMALL_BATCHES);
        UsersTable.execute(db, "DELETE FROM cutover.backfill_jobs");

        BackfillStatus again = Backfills.runToCompletion("users_email_normalized", db::connect, SMALL_BATCHES);

        assertThat(again.keysScanned()).isEqualTo(1_000);
        assertThat(again.rowsDone()).isZero();
    }

    @Test
    void walksABigintKeyWithAJavaBatchFunction() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("backfill_bigint");
        UsersTable.execute(db, "CREATE TABLE items (id bigint PRIMARY KEY, price_cents int, price numeric); "
                + "INSERT INTO items SELECT i * 7 - 5000, i, NULL FROM generate_series(1, 3000) i");
        Backfill prices = Backfill.ofFunction("items_price", "items", "id", (tx, range) -> {
            try (PreparedStatement ps = tx.prepareStatement("UPDATE items SET price = price_cents / 100.0 "
                    + "WHERE id > ?::bigint AND id <= ?::bigint AND price IS NULL")) {
                ps.setString(1, range.from());
                ps.setString(2, range.to());
                return ps.executeUpdate();
            }
        });
        Backfills.register(prices);

        BackfillStatus end = Backfills.runToCompletion("items_price", db::connect,
                BackfillPacing.defaults().withBatchSizes(250, 250, 250));

        assertThat(end.rowsDone()).isEqualTo(3_000);
        assertThat(end.batches()).isEqualTo(12);
        assertThat(UsersTable.count(db, "SELECT count(*) FROM items WHERE price IS DISTINCT FROM price_cents / 100.0"))
                .isZero();
    }
}
