package dev.cutover.migrations.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements the FastAPI template's ORM (SQLAlchemy 2 on psycopg 3, which renders bind casts) sends for its API,
 * replayed over JDBC: derived from its crud.py and api/routes (users, items, login), statement by statement.
 */
final class TemplateOrm {

    private static final String USER_COLUMNS = "\"user\".email, \"user\".is_active, \"user\".is_superuser, "
            + "\"user\".full_name, \"user\".id, \"user\".hashed_password, \"user\".created_at";
    private static final String ITEM_COLUMNS = "item.title, item.description, item.id, item.created_at, item.owner_id";

    /** A user row as the ORM loads it. */
    record User(UUID id, String email, String fullName, String hashedPassword, boolean active, boolean superuser,
                Instant createdAt) {
    }

    /** An item row as the ORM loads it. */
    record Item(UUID id, String title, String description, UUID ownerId, Instant createdAt) {
    }

    private final Connection c;

    TemplateOrm(Connection c) {
        this.c = c;
    }

    /** crud.get_user_by_email (login, sign-up and email-change checks). */
    Optional<User> userByEmail(String email) throws SQLException {
        return oneUser("SELECT " + USER_COLUMNS + " FROM \"user\" WHERE \"user\".email = ?::VARCHAR", email);
    }

    /** session.get(User, id): every authenticated request loads its user so. */
    Optional<User> userById(UUID id) throws SQLException {
        return oneUser("SELECT " + USER_COLUMNS + " FROM \"user\" WHERE \"user\".id = ?::UUID", id);
    }

    /** POST /users/signup: the email check, crud.create_user's INSERT (every column sent), then the refresh. */
    User signUp(String email, String hashedPassword, String fullName) throws SQLException {
        assertThat(userByEmail(email)).isEmpty();
        UUID id = UUID.randomUUID();
        update("INSERT INTO \"user\" (email, is_active, is_superuser, full_name, id, hashed_password, created_at) "
                        + "VALUES (?::VARCHAR, ?, ?, ?::VARCHAR, ?::UUID, ?::VARCHAR, ?::TIMESTAMP WITH TIME ZONE)",
                email, true, false, fullName, id, hashedPassword, Timestamp.from(Instant.now()));
        return userById(id).orElseThrow();
    }

    /** PATCH /users/me: the ORM writes only the changed attributes, then refreshes. */
    User updateFullName(UUID id, String fullName) throws SQLException {
        update("UPDATE \"user\" SET full_name=?::VARCHAR WHERE \"user\".id = ?::UUID", fullName, id);
        return userById(id).orElseThrow();
    }

    User updateEmail(UUID id, String email) throws SQLException {
        update("UPDATE \"user\" SET email=?::VARCHAR WHERE \"user\".id = ?::UUID", email, id);
        return userById(id).orElseThrow();
    }

    /** crud.authenticate after verify_and_update returned a new hash (bcrypt or weaker Argon2 on login). */
    void rehash(UUID id, String hashedPassword) throws SQLException {
        update("UPDATE \"user\" SET hashed_password=?::VARCHAR WHERE \"user\".id = ?::UUID", hashedPassword, id);
    }

    /** GET /users/: the count and one newest-first page. */
    List<User> usersPage(int skip, int limit) throws SQLException {
        assertThat(count("SELECT count(*) AS count_1 FROM \"user\"")).isPositive();
        List<User> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM \"user\" ORDER BY "
                + "\"user\".created_at DESC LIMIT ?::INTEGER OFFSET ?::INTEGER")) {
            ps.setInt(1, limit);
            ps.setInt(2, skip);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
        }
        return users;
    }

    /** DELETE /users/me: the relationship's cascade loads the items and deletes them one by one, then the user. */
    void deleteUserMe(UUID id) throws SQLException {
        for (Item item : items("SELECT " + ITEM_COLUMNS + " FROM item WHERE ?::UUID = item.owner_id", id)) {
            assertThat(update("DELETE FROM item WHERE item.id = ?::UUID", item.id())).isEqualTo(1);
        }
        assertThat(update("DELETE FROM \"user\" WHERE \"user\".id = ?::UUID", id)).isEqualTo(1);
    }

    /** DELETE /users/{id} (a superuser): a bulk DELETE of the items, then the user as above. */
    void deleteUserAsAdmin(UUID id) throws SQLException {
        update("DELETE FROM item WHERE item.owner_id = ?::UUID", id);
        deleteUserMe(id);
    }

    /** POST /items/: the INSERT (every column sent) and the refresh. */
    Item createItem(UUID ownerId, String title, String description) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO item (title, description, id, created_at, owner_id) VALUES (?::VARCHAR, ?::VARCHAR, "
                + "?::UUID, ?::TIMESTAMP WITH TIME ZONE, ?::UUID)", title, description, id,
                Timestamp.from(Instant.now()), ownerId);
        return item(id).orElseThrow();
    }

    /** GET|PUT|DELETE /items/{id} load the item so. */
    Optional<Item> item(UUID id) throws SQLException {
        List<Item> found = items("SELECT " + ITEM_COLUMNS + " FROM item WHERE item.id = ?::UUID", id);
        return found.stream().findFirst();
    }

    Item updateItem(UUID id, String title) throws SQLException {
        assertThat(update("UPDATE item SET title=?::VARCHAR WHERE item.id = ?::UUID", title, id)).isEqualTo(1);
        return item(id).orElseThrow();
    }

    void deleteItem(UUID id) throws SQLException {
        assertThat(update("DELETE FROM item WHERE item.id = ?::UUID", id)).isEqualTo(1);
    }

    /** GET /items/ as a normal user: the count and a newest-first page of their items. */
    List<Item> itemsOf(UUID ownerId, int skip, int limit) throws SQLException {
        long n = count("SELECT count(*) AS count_1 FROM item WHERE item.owner_id = ?::UUID", ownerId);
        List<Item> page = items("SELECT " + ITEM_COLUMNS + " FROM item WHERE item.owner_id = ?::UUID "
                + "ORDER BY item.created_at DESC LIMIT ?::INTEGER OFFSET ?::INTEGER", ownerId, limit, skip);
        assertThat(page).hasSizeLessThanOrEqualTo((int) n);
        return page;
    }

    /** GET /items/ as a superuser. */
    long countItems() throws SQLException {
        long n = count("SELECT count(*) AS count_1 FROM item");
        items("SELECT " + ITEM_COLUMNS + " FROM item ORDER BY item.created_at DESC LIMIT ?::INTEGER OFFSET ?::INTEGER",
                100, 0);
        return n;
    }

    /** The template's prestart runs 'alembic upgrade head', which reads this first. */
    String alembicRevision() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT alembic_version.version_num FROM alembic_version");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * One round of what the old service does, asserting each answer: sign-up, login, profile and email change,
     * rehash, items created, listed, changed and deleted, the user lists, a user deleted with their items.
     */
    void exercise(String tag) throws SQLException {
        User u = signUp(tag + "@example.com", "$2b$12$" + "a".repeat(53), "Round " + tag);
        assertThat(userByEmail(tag + "@example.com")).get().extracting(User::id).isEqualTo(u.id());
        assertThat(updateFullName(u.id(), "Renamed " + tag).fullName()).isEqualTo("Renamed " + tag);
        assertThat(updateEmail(u.id(), tag + ".new@example.com").email()).isEqualTo(tag + ".new@example.com");
        rehash(u.id(), "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$" + tag);
        Item kept = createItem(u.id(), "kept " + tag, null);
        Item changed = updateItem(createItem(u.id(), "first " + tag, "d").id(), "second " + tag);
        assertThat(changed.title()).isEqualTo("second " + tag);
        Item gone = createItem(u.id(), "gone " + tag, "d");
        deleteItem(gone.id());
        assertThat(item(gone.id())).isEmpty();
        assertThat(itemsOf(u.id(), 0, 100)).extracting(Item::id).containsExactlyInAnyOrder(kept.id(), changed.id());
        assertThat(countItems()).isPositive();
        assertThat(usersPage(0, 5)).isNotEmpty();
        assertThat(alembicRevision()).isEqualTo("fe56fa70289e");
        deleteUserMe(u.id());
        assertThat(userById(u.id())).isEmpty();
        assertThat(item(kept.id())).isEmpty();

        User admin = signUp(tag + ".admin-deleted@example.com", "$2b$12$" + "b".repeat(53), null);
        createItem(admin.id(), "owned " + tag, null);
        deleteUserAsAdmin(admin.id());
        assertThat(itemsOf(admin.id(), 0, 10)).isEmpty();
    }

    private Optional<User> oneUser(String sql, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("full_name"),
                rs.getString("hashed_password"), rs.getBoolean("is_active"), rs.getBoolean("is_superuser"),
                created == null ? null : created.toInstant());
    }

    private List<Item> items(String sql, Object... params) throws SQLException {
        List<Item> items = new ArrayList<>();
        try (PreparedStatement ps = bind(sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp created = rs.getTimestamp("created_at");
                items.add(new Item(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"),
                        rs.getObject("owner_id", UUID.class), created == null ? null : created.toInstant()));
            }
        }
        return items;
    }

    private long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bind(sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bind(sql, params)) {
            return ps.executeUpdate();
        }
    }

    private PreparedStatement bind(String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
