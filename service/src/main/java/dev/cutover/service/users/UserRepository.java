package dev.cutover.service.users;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads go straight through the Vert.x PostgreSQL client as prepared statements (cached per connection), the short
 * ones pipelined on shared connections ({@link PipelinedReads}); writes go through Hibernate Reactive. Every statement names its columns: a {@code SELECT *} cached as a prepared
 * statement fails with "cached plan must not change result type" the moment a migration adds a column.
 */
@ApplicationScoped
public class UserRepository {

    static final String COLUMNS = "id, email, hashed_password, full_name, is_active, is_superuser, created_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = $1";
    private static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM users WHERE email = $1";
    private static final String BY_NORMALIZED_EMAIL = "SELECT " + COLUMNS + " FROM users WHERE email_normalized = $1";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM users ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2";
    private static final String FIRST_KEYSET_PAGE = "SELECT " + COLUMNS + " FROM users ORDER BY created_at DESC, id DESC LIMIT $1";
    private static final String NEXT_KEYSET_PAGE = "SELECT " + COLUMNS
            + " FROM users WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3";
    private static final String REHASH = "UPDATE users SET hashed_password = $1 WHERE id = $2 AND hashed_password = $3";
    private static final String COUNT = "SELECT count(*) AS n FROM users";
    private static final String ESTIMATE = "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'users'::regclass";
    /** Below this many rows an exact count is cheap enough to give even in keyset mode. */
    private static final long EXACT_COUNT_BELOW = 100_000;

    @Inject
    Pool pool;
    @Inject
    PipelinedReads pipelined;
    @Inject
    SchemaFeatures schema;

    public Uni<User> findById(UUID id) {
        return reads().preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserRepository::firstOrNull);
    }

    /** The user with this email: exact before the normalized-email index exists, case-insensitive after. */
    public Uni<User> findByEmail(String email) {
        if (schema.normalizedEmailReads()) {
            return reads().preparedQuery(BY_NORMALIZED_EMAIL).execute(Tuple.of(SchemaFeatures.normalize(email)))
                    .map(UserRepository::firstOrNull);
        }
        return reads().preparedQuery(BY_EMAIL).execute(Tuple.of(email)).map(UserRepository::firstOrNull);
    }

    public Uni<List<User>> page(int skip, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(limit, skip)).map(UserRepository::all);
    }

    public Uni<List<User>> keysetPage(Cursor after, int limit) {
        if (after == null) {
            return reads().preparedQuery(FIRST_KEYSET_PAGE).execute(Tuple.of(limit)).map(UserRepository::all);
        }
        return reads().preparedQuery(NEXT_KEYSET_PAGE).execute(Tuple.of(after.createdAt(), after.id(), limit))
                .map(UserRepository::all);
    }

    /** The exact number of users: a full index scan, so only offset pages pay for it. */
    public Uni<Long> count() {
        return pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The planner's estimate, refreshed by (auto)vacuum and analyze; exact while the table is small. */
    public Uni<Long> estimatedCount() {
        return pool.query(ESTIMATE).execute().map(rows -> rows.iterator().next().getLong("n"))
                .chain(estimate -> estimate < EXACT_COUNT_BELOW ? count() : Uni.createFrom().item(estimate));
    }

    /** Inserts a new user with a fresh UUIDv7 id. */
    public Uni<User> create(String email, String hashedPassword, String fullName, boolean active, boolean superuser) {
        User user = new User();
        user.id = UserIds.next();
        user.email = email;
        user.hashedPassword = hashedPassword;
        user.fullName = fullName;
        user.isActive = active;
        user.isSuperuser = superuser;
        user.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(user::persist).replaceWith(user);
    }

    /** Loads the user in a transaction, applies the change and commits; null when there is no such user. */
    public Uni<User> update(UUID id, java.util.function.Consumer<User> change) {
        return Panache.withTransaction(() -> User.<User>findById(id).onItem().ifNotNull().invoke(change));
    }

    /**
     * Replaces a password hash with a stronger one of the same password, unless the hash changed meanwhile (a
     * password change that committed first wins).
     */
    public Uni<Void> replacePasswordHash(UUID id, String oldHash, String newHash) {
        return pool.preparedQuery(REHASH).execute(Tuple.of(newHash, id, oldHash)).replaceWithVoid();
    }

    /** Deletes the user; false when there was none. */
    public Uni<Boolean> delete(UUID id) {
        return Panache.withTransaction(() -> User.deleteById(id));
    }

    private SqlClient reads() {
        if (!pipelined.created()) {
            pool.getDelegate(); // the pool is created on first use, and the pipelining client with it
        }
        return pipelined.client();
    }

    private static User firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<User> all(RowSet<Row> rows) {
        List<User> users = new ArrayList<>(rows.size());
        for (Row row : rows) {
            users.add(map(row));
        }
        return users;
    }

    private static User map(Row row) {
        User user = new User();
        user.id = row.getUUID("id");
        user.email = row.getString("email");
        user.hashedPassword = row.getString("hashed_password");
        user.fullName = row.getString("full_name");
        user.isActive = row.getBoolean("is_active");
        user.isSuperuser = row.getBoolean("is_superuser");
        user.createdAt = row.getOffsetDateTime("created_at");
        return user;
    }
}
