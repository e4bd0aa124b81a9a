package dev.cutover.migrations.seed;

import dev.cutover.migrations.seed.internal.ChunkedSeed;
import dev.cutover.migrations.seed.internal.CopyRows;
import dev.cutover.migrations.seed.internal.CopyText;
import dev.cutover.migrations.seed.internal.EmptyTableLoad;
import dev.cutover.migrations.seed.internal.UserGenerator;
import dev.cutover.migrations.seed.internal.UsersBulkCopy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.postgresql.copy.CopyManager;

/**
 * Fills the users table with seeded users 1..N through COPY, reproducibly (same seed, same rows) and idempotently
 * (a re-run adds only the users that are missing), all with the password {@link SeedPassword#PLAIN}. An empty table
 * is bulk-loaded in one transaction under an ACCESS EXCLUSIVE lock; a table with rows is topped up in chunks.
 */
public final class UserSeeder {

    /** Default seed: any fixed number works; changing it changes every generated email, name and id. */
    public static final long DEFAULT_SEED = 20_000_000L;
    public static final int DEFAULT_CHUNK = 50_000;

    /** What one run did; {@code bulkLoaded}: the table was empty and got every row in one COPY (see {@link #seed}). */
    public record Result(long requested, long alreadyThere, long inserted, Duration took, boolean bulkLoaded) {
    }

    /**
     * Told after each committed chunk, or during a bulk load as its rows go in (committed only at the end);
     * {@code seeded} counts from 1 up to the requested total.
     */
    @FunctionalInterface
    public interface Progress {
        void seeded(long seeded, long total);

        /** Told when a bulk load starts its next phase: {@code copy <table>} for each table, then {@code indexes}. */
        default void phase(String name) {
        }
    }

    private final UserGenerator generator;
    private final int chunk;
    private final boolean bulkLoadWhenEmpty;

    /** A seeder that bulk-loads an empty table. */
    public UserSeeder(long seed, int chunk) {
        this(seed, chunk, true);
    }

    /** {@code bulkLoadWhenEmpty} false: always the chunked path, which never locks more than the rows it writes. */
    public UserSeeder(long seed, int chunk, boolean bulkLoadWhenEmpty) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunk);
        }
        this.generator = new UserGenerator(seed);
        this.chunk = chunk;
        this.bulkLoadWhenEmpty = bulkLoadWhenEmpty;
    }

    /** Seeded user number {@code n} (1-based), as this seeder writes it. */
    public SeededUser user(long n) {
        return generator.user(n);
    }

    /**
     * Makes sure seeded users 1..{@code users} exist. On an empty table (and unless disabled), in one transaction:
     * ACCESS EXCLUSIVE locks on users and on the tables whose foreign keys reference it (waiting at most 5 s for them,
     * else the chunked path), its indexes and those foreign keys dropped, TRUNCATE, one {@code COPY ... FREEZE}, the
     * indexes and keys rebuilt from their captured definitions, ANALYZE, commit; a failure leaves the table empty.
     * Otherwise the chunked path: finds how many an earlier run committed (chunks commit in order, so they are a
     * prefix), then copies the rest in chunks of one transaction each. Rows whose id or email is already taken are
     * skipped, never duplicated. Both paths write the same rows.
     */
    public Result seed(Connection connection, long users, Progress progress) throws SQLException {
        if (users < 0) {
            throw new IllegalArgumentException("--users must be 0 or more, got " + users);
        }
        requireUsersTable(connection);
        if (bulkLoadWhenEmpty && users > 0) {
            Optional<Result> loaded = EmptyTableLoad.run(connection, List.of("users"), users, progress,
                    new UsersBulkCopy(generator, SeedPassword.hash()));
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
        return ChunkedSeed.run(connection, users, chunk, progress, new ChunkedSeed.Target() {
            @Override
            public String probeSql() {
                return "SELECT 1 FROM users WHERE id = ?";
            }

            @Override
            public java.util.UUID id(long n) {
                return generator.user(n).id();
            }

            @Override
            public ChunkedSeed.Chunks prepare(Connection c) throws SQLException {
                String hash = SeedPassword.hash();
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS cutover_seed_chunk (id uuid, email text, full_name text,"
                            + " created_at timestamptz) ON COMMIT DELETE ROWS");
                }
                return (copy, from, to) -> copyChunk(c, copy, hash, from, to);
            }

            @Override
            public List<String> cleanup() {
                return List.of("DROP TABLE IF EXISTS cutover_seed_chunk");
            }

            @Override
            public List<String> analyze() {
                // Fresh statistics: the keyset listing's count is the planner's estimate.
                return List.of("ANALYZE users");
            }
        });
    }

    /**
     * Writes {@code count} seeded users spread evenly over 1..{@code users} as CSV ({@code id,email,password}), for
     * Gatling feeders. Needs no database: the users are derived from the seed.
     */
    public void writeLogins(Path file, long users, long count) throws IOException {
        long rows = Math.min(count, users);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,email,password\n");
            for (long i = 0; i < rows; i++) {
                SeededUser user = generator.user(1 + i * users / rows);
                out.write(user.id() + "," + user.email() + "," + SeedPassword.PLAIN + "\n");
            }
        }
    }

    private static void requireUsersTable(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('users') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("no users table in this database: apply the migrations first "
                        + "(./cutover migrate)");
            }
        }
    }

    private long copyChunk(Connection connection, CopyManager copy, String hash, long from, long to)
            throws SQLException {
        CopyText rows = new CopyText((int) (to - from + 1) * 120);
        for (long n = from; n <= to; n++) {
            SeededUser user = generator.user(n);
            rows.uuid(user.id(), '\t').text(user.email(), '\t').text(user.fullName(), '\t')
                    .timestamp(user.createdAt(), '\n');
        }
        CopyRows.copyIn(copy, "COPY cutover_seed_chunk (id, email, full_name, created_at) FROM STDIN", rows);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, email, hashed_password, full_name, is_active, is_superuser, created_at)"
                        + " SELECT id, email, ?, full_name, true, false, created_at FROM cutover_seed_chunk"
                        + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, hash);
            return insert.executeUpdate();
        }
    }
}
