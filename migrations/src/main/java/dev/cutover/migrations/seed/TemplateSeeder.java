package dev.cutover.migrations.seed;

import dev.cutover.migrations.seed.internal.ChunkedSeed;
import dev.cutover.migrations.seed.internal.CopyRows;
import dev.cutover.migrations.seed.internal.EmptyTableLoad;
import dev.cutover.migrations.seed.internal.TemplateBulkCopy;
import dev.cutover.migrations.seed.internal.TemplateGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.postgresql.copy.CopyManager;

/**
 * Fills a database in the FastAPI template's shape ({@code "user"}, {@code item}, {@code alembic_version} at the
 * template's head) with seeded users 1..N and their items, reproducibly and idempotently like {@link UserSeeder};
 * creates that schema from {@link #SCHEMA_FIXTURE} on a database that has none of it.
 */
public final class TemplateSeeder {

    /** The template's Alembic head: the revision the fixture builds and a takeover starts from. */
    public static final String ALEMBIC_HEAD = "fe56fa70289e";
    /** Classpath resource: the template's schema at {@link #ALEMBIC_HEAD}, written from its Alembic revisions. */
    public static final String SCHEMA_FIXTURE = "testing/fastapi-template/V0__fastapi_template_" + ALEMBIC_HEAD + ".sql";

    private final TemplateGenerator generator;
    private final int chunk;
    private final boolean bulkLoadWhenEmpty;

    /** A seeder that bulk-loads empty tables. */
    public TemplateSeeder(long seed, int chunk) {
        this(seed, chunk, true);
    }

    /** {@code bulkLoadWhenEmpty} false: always the chunked path, which never locks more than the rows it writes. */
    public TemplateSeeder(long seed, int chunk, boolean bulkLoadWhenEmpty) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunk);
        }
        this.generator = new TemplateGenerator(seed);
        this.chunk = chunk;
        this.bulkLoadWhenEmpty = bulkLoadWhenEmpty;
    }

    /** Seeded user number {@code n} (1-based) with its items, as this seeder writes them. */
    public TemplateUser user(long n) {
        return generator.user(n);
    }

    /**
     * Creates the template's schema when the database has none of it, then makes sure seeded users 1..{@code users}
     * and their items exist: when {@code "user"} and {@code item} are both empty (and unless disabled), by one bulk
     * load in one transaction under ACCESS EXCLUSIVE locks on both, as {@link UserSeeder#seed} does; otherwise one
     * transaction per chunk of users, rows already there skipped, never duplicated. Both paths write the same rows.
     */
    public UserSeeder.Result seed(Connection connection, long users, UserSeeder.Progress progress) throws SQLException {
        if (users < 0) {
            throw new IllegalArgumentException("--users must be 0 or more, got " + users);
        }
        createSchemaIfMissing(connection);
        if (bulkLoadWhenEmpty && users > 0) {
            Optional<UserSeeder.Result> loaded = EmptyTableLoad.run(connection, TemplateBulkCopy.TABLES, users, progress,
                    new TemplateBulkCopy(generator, SeedPassword.templateBcrypt(), SeedPassword.templateArgon2()));
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
        return ChunkedSeed.run(connection, users, chunk, progress, new ChunkedSeed.Target() {
            @Override
            public String probeSql() {
                return "SELECT 1 FROM \"user\" WHERE id = ?";
            }

            @Override
            public java.util.UUID id(long n) {
                return generator.user(n).id();
            }

            @Override
            public ChunkedSeed.Chunks prepare(Connection c) throws SQLException {
                String bcrypt = SeedPassword.templateBcrypt();
                String argon2 = SeedPassword.templateArgon2();
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS cutover_seed_template_user (id uuid, email text,"
                            + " full_name text, is_active boolean, bcrypt boolean, created_at timestamptz)"
                            + " ON COMMIT DELETE ROWS");
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS cutover_seed_template_item (id uuid, owner_id uuid,"
                            + " title text, description text, created_at timestamptz) ON COMMIT DELETE ROWS");
                }
                return (copy, from, to) -> copyChunk(c, copy, bcrypt, argon2, from, to);
            }

            @Override
            public List<String> cleanup() {
                return List.of("DROP TABLE IF EXISTS cutover_seed_template_user, cutover_seed_template_item");
            }

            @Override
            public List<String> analyze() {
                return List.of("ANALYZE \"user\", item");
            }
        });
    }

    /**
     * Writes up to {@code count} seeded users spread over 1..{@code users} as CSV ({@code id,email,password}), each
     * the first from its spot on that Cutover can log in (active, Argon2 hash), for the Gatling feeders.
     */
    public void writeLogins(Path file, long users, long count) throws IOException {
        long rows = Math.min(count, users);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,email,password\n");
            long next = 1;
            for (long i = 0; i < rows; i++) {
                long n = Math.max(next, 1 + i * users / rows);
                while (n <= users && !generator.user(n).logsInWithArgon2()) {
                    n++;
                }
                if (n > users) {
                    break;
                }
                TemplateUser user = generator.user(n);
                out.write(user.id() + "," + user.email() + "," + SeedPassword.PLAIN + "\n");
                next = n + 1;
            }
        }
    }

    /**
     * Runs the schema fixture on a database without {@code "user"}, {@code item} and {@code alembic_version}; refuses
     * one that has only part of them, or whose {@code "user"} is not a table (a database adopted already).
     */
    public static void createSchemaIfMissing(Connection connection) throws SQLException {
        String user;
        String item;
        String alembic;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT relkind::text FROM pg_class WHERE oid = to_regclass('\"user\"')),"
                     + " (SELECT relkind::text FROM pg_class WHERE oid = to_regclass('item')),"
                     + " (SELECT relkind::text FROM pg_class WHERE oid = to_regclass('alembic_version'))")) {
            rs.next();
            user = rs.getString(1);
            item = rs.getString(2);
            alembic = rs.getString(3);
        }
        if (user == null && item == null && alembic == null) {
            try (Statement s = connection.createStatement()) {
                s.execute(schemaFixture());
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return;
        }
        if (!"r".equals(user) || !"r".equals(item)) {
            throw new IllegalStateException("this database is not in the FastAPI template's shape: \"user\" is "
                    + describe(user) + " and item is " + describe(item) + " (seed --shape fastapi-template needs both"
                    + " as tables, or neither to create them)");
        }
    }

    /** The fixture's SQL: the template's schema at {@link #ALEMBIC_HEAD}. */
    public static String schemaFixture() {
        try (InputStream in = TemplateSeeder.class.getClassLoader().getResourceAsStream(SCHEMA_FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_FIXTURE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(String relkind) {
        if (relkind == null) {
            return "missing";
        }
        return switch (relkind) {
            case "r" -> "a table";
            case "v" -> "a view (adopted already?)";
            default -> "a relation of kind " + relkind;
        };
    }

    private long copyChunk(Connection connection, CopyManager copy, String bcrypt, String argon2, long from, long to)
            throws SQLException {
        StringBuilder users = new StringBuilder((int) (to - from + 1) * 130);
        StringBuilder items = new StringBuilder((int) (to - from + 1) * 110);
        for (long n = from; n <= to; n++) {
            TemplateUser user = generator.user(n);
            CopyRows.field(users, user.id(), '\t');
            CopyRows.field(users, user.email(), '\t');
            CopyRows.field(users, user.fullName(), '\t');
            CopyRows.field(users, user.active(), '\t');
            CopyRows.field(users, user.bcrypt(), '\t');
            CopyRows.field(users, user.createdAt(), '\n');
            for (TemplateUser.Item item : user.items()) {
                CopyRows.field(items, item.id(), '\t');
                CopyRows.field(items, user.id(), '\t');
                CopyRows.field(items, item.title(), '\t');
                CopyRows.field(items, item.description(), '\t');
                CopyRows.field(items, item.createdAt(), '\n');
            }
        }
        CopyRows.copyIn(copy, "COPY cutover_seed_template_user (id, email, full_name, is_active, bcrypt, created_at)"
                + " FROM STDIN", users);
        CopyRows.copyIn(copy, "COPY cutover_seed_template_item (id, owner_id, title, description, created_at)"
                + " FROM STDIN", items);
        // Items go in with their owners, in one statement: an owner skipped (its email taken by a row that is no
        // seeded user) takes its items with it, and no join reaches past this chunk.
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH inserted AS (
                    INSERT INTO "user" (email, is_active, is_superuser, full_name, hashed_password, id, created_at)
                    SELECT email, is_active, false, full_name, CASE WHEN bcrypt THEN ? ELSE ? END, id, created_at
                    FROM cutover_seed_template_user ON CONFLICT DO NOTHING RETURNING id),
                items AS (
                    INSERT INTO item (description, title, id, owner_id, created_at)
                    SELECT i.description, i.title, i.id, i.owner_id, i.created_at
                    FROM cutover_seed_template_item i JOIN inserted ON inserted.id = i.owner_id
                    ON CONFLICT DO NOTHING)
                SELECT count(*) FROM inserted""")) {
            insert.setString(1, bcrypt);
            insert.setString(2, argon2);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
