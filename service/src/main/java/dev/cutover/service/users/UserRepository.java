package dev.cutover.service.users;

import dev.cutover.service.db.DatabaseFailures;
import dev.cutover.service.db.KeysetCursor;
import dev.cutover.service.db.RowIds;
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
 * The one place that reads and writes {@code users}. Reads go straight through the Vert.x PostgreSQL client as
 * prepared statements (cached per connection), the short ones pipelined on shared connections ({@link PipelinedReads});
 * entity writes (create, update, delete) go through Hibernate Reactive, and the two compare-and-set password writes
 * stay SQL (see {@link #replacePasswordHash}). Every statement names its columns: a {@code SELECT *} cached as a
 * prepared statement fails with "cached plan must not change result type" the moment a migration adds a column.
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
    private static final String REHASH_VERSIONED = REHASH + " RETURNING token_version";
    private static final String RESET = "UPDATE users SET hashed_password = $1 WHERE id = $2";
    /** Only while the reset token's version is still the row's: two resets with one token cannot both win. */
    private static final String RESET_VERSIONED = RESET + " AND coalesce(token_version, 0) = $3";
    // Once users.token_version exists (V11) the reads carry it too; before, the same statements without it.
    private static final String BY_ID_V = versioned(BY_ID);
    private static final String BY_EMAIL_V = versioned(BY_EMAIL);
    private static final String BY_NORMALIZED_EMAIL_V = versioned(BY_NORMALIZED_EMAIL);
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
        return reads().preparedQuery(schema.tokenVersions() ? BY_ID_V : BY_ID).execute(Tuple.of(id))
                .map(UserRepository::firstOrNull);
    }

    /** The user with this email: exact before the normalized-email index exists, case-insensitive after. */
    public Uni<User> findByEmail(String email) {
        if (schema.normalizedEmailReads()) {
            return reads().preparedQuery(schema.tokenVersions() ? BY_NORMALIZED_EMAIL_V : BY_NORMALIZED_EMAIL)
                    .execute(Tuple.of(SchemaFeatures.normalize(email)))
                    .map(UserRepository::firstOrNull);
        }
        return reads().preparedQuery(schema.tokenVersions() ? BY_EMAIL_V : BY_EMAIL).execute(Tuple.of(email))
                .map(UserRepository::firstOrNull);
    }

    public Uni<List<User>> page(int skip, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(limit, skip)).map(UserRepository::all);
    }

    public Uni<List<User>> keysetPage(KeysetCursor after, int limit) {
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
        user.id = RowIds.next();
        user.email = email;
        user.hashedPassword = hashedPassword;
        user.fullName = fullName;
        user.isActive = active;
        user.isSuperuser = superuser;
        user.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(user::persist).replaceWith(user);
    }

    /**
     * Inserts a new user as {@link #create} does unless a unique index refuses it (the email is taken, perhaps by
     * another instance creating the same user at the same moment); false when it was refused.
     */
    public Uni<Boolean> createUnlessTaken(String email, String hashedPassword, String fullName, boolean active,
                                          boolean superuser) {
        // Any unique index, as ON CONFLICT DO NOTHING would: the id is fresh, so only an email index can refuse, and
        // its name depends on the schema (users_email_key, users_email_normalized_key, an adopted ix_user_email).
        return create(email, hashedPassword, fullName, active, superuser).replaceWith(true)
                .onFailure(DatabaseFailures::isUniqueViolation).recoverWithItem(false);
    }

    /** Loads the user in a transaction, applies the change and commits; null when there is no such user. */
    public Uni<User> update(UUID id, java.util.function.Consumer<User> change) {
        return Panache.withTransaction(() -> User.<User>findById(id).onItem().ifNotNull().invoke(change));
    }

    /**
     * Replaces a password hash with a stronger one of the same password, unless the hash changed meanwhile (a
     * password change that committed first wins); the user's token version after it (the database moves it on with
     * the hash), or {@code fallback} when nothing was replaced.
     *
     * <p>This and {@link #resetPassword} are SQL through the Vert.x client, not Hibernate: each is one conditional
     * {@code UPDATE} whose condition or result is {@code token_version}, a column the entity must not map (it exists
     * only from V11 on, and the database moves it on), and which returns the new version in the same round trip.
     * Through Hibernate it would be a load, a version check and a flush, so two racing writes could both win.
     */
    public Uni<Integer> replacePasswordHash(UUID id, String oldHash, String newHash, int fallback) {
        if (!schema.tokenVersions()) {
            return pool.preparedQuery(REHASH).execute(Tuple.of(newHash, id, oldHash)).replaceWith(fallback);
        }
        return pool.preparedQuery(REHASH_VERSIONED).execute(Tuple.of(newHash, id, oldHash)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? versionOf(it.next()) : fallback;
        });
    }

    /**
     * Sets the password a reset token asked for, if the user's token version is still {@code tokenVersion} (the
     * database moves it on with the hash, so the token works once); false when it was not.
     */
    public Uni<Boolean> resetPassword(UUID id, String newHash, int tokenVersion) {
        if (!schema.tokenVersions()) {
            return pool.preparedQuery(RESET).execute(Tuple.of(newHash, id)).map(rows -> rows.rowCount() == 1);
        }
        return pool.preparedQuery(RESET_VERSIONED).execute(Tuple.of(newHash, id, tokenVersion))
                .map(rows -> rows.rowCount() == 1);
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
        user.tokenVersion = row.getColumnIndex("token_version") < 0 ? 0 : versionOf(row);
        return user;
    }

    /** NULL (no change since V11) is version 0, the version tokens issued before V11 carry. */
    private static int versionOf(Row row) {
        Integer version = row.getInteger("token_version");
        return version == null ? 0 : version;
    }

    private static String versioned(String select) {
        return select.replace(COLUMNS + " FROM", COLUMNS + ", token_version FROM");
    }
}
