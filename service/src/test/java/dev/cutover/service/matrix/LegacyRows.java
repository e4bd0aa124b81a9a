package dev.cutover.service.matrix;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The rows written before the change: users (and, on a template database, items) that no trigger has touched, one
 * per role of the request script and key half, so a backfill stopped halfway has reached one and not the other.
 */
final class LegacyRows {

    /** What the request script does with a legacy user. */
    enum Role { LOGIN, ME, PASSWORD, RESET, ADMIN_EDIT, ADMIN_DELETE, SELF_DELETE, ITEMS, SPACED }

    /** The half of the key space a row is in: a backfill walks keys in order, so at about 50 % it reached LOW only. */
    enum Half { LOW, HIGH }

    record LegacyUser(Role role, Half half, UUID id, String email) {
    }

    static final String PASSWORD = "legacy password";
    /**
     * bcrypt at cost 4, as an older template stored it: cheaper than any Argon2id cost the service is configured with,
     * so every first login re-hashes and writes the row.
     */
    static final String CHEAP_HASH = new String(BCrypt.with(BCrypt.Version.VERSION_2B)
            .hash(4, PASSWORD.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    /** Rows of other users spread over the key space, so its middle falls between the LOW and HIGH rows. */
    private static final int FILLERS = 16;

    private LegacyRows() {
    }

    /** The users, with ids in their half (LOW ones start with 0, HIGH ones with f). */
    static List<LegacyUser> users() {
        List<LegacyUser> users = new ArrayList<>();
        int n = 0;
        for (Role role : Role.values()) {
            for (Half half : Half.values()) {
                // Older versions stored emails as typed, surrounding spaces included: such a user logs in as stored.
                String email = (role == Role.SPACED ? " " : "") + "Legacy."
                        + role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "."
                        + half.name().toLowerCase(Locale.ROOT) + "@example.com";
                users.add(new LegacyUser(role, half, id(half, n++), email));
            }
        }
        return List.copyOf(users);
    }

    /** Inserts the users into Cutover's {@code users} table (as at V1, before email_normalized existed). */
    static void insertUsers(Connection c, List<LegacyUser> users) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, email, hashed_password, full_name, "
                + "is_active, is_superuser, created_at) VALUES (?, ?, ?, 'Legacy', true, false, now() - interval '1 day')")) {
            for (LegacyUser u : users) {
                insert.setObject(1, u.id());
                insert.setString(2, u.email());
                insert.setString(3, CHEAP_HASH);
                insert.addBatch();
            }
            for (int i = 0; i < FILLERS; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "filler-" + i + "@example.com");
                insert.setString(3, CHEAP_HASH);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Inserts the users and an item of each into the FastAPI template's tables as the template wrote them before it
     * recorded creation times ({@code created_at} NULL), with fillers of both.
     */
    static void insertTemplateRows(Connection c, List<LegacyUser> users) throws SQLException {
        try (PreparedStatement user = c.prepareStatement("INSERT INTO \"user\" (email, is_active, is_superuser, "
                + "full_name, hashed_password, id, created_at) VALUES (?, true, false, 'Legacy', ?, ?, NULL)");
             PreparedStatement item = c.prepareStatement("INSERT INTO item (description, title, id, owner_id, "
                     + "created_at) VALUES (NULL, 'Written by the template', ?, ?, NULL)")) {
            List<UUID> owners = new ArrayList<>();
            int n = 0;
            for (LegacyUser u : users) {
                user.setString(1, u.email());
                user.setString(2, CHEAP_HASH);
                user.setObject(3, u.id());
                user.addBatch();
                if (u.role() == Role.ITEMS) {
                    item.setObject(1, id(u.half(), 100 + n++));
                    item.setObject(2, u.id());
                    item.addBatch();
                }
            }
            for (int i = 0; i < FILLERS; i++) {
                UUID id = UUID.randomUUID();
                owners.add(id);
                user.setString(1, "filler-" + i + "@example.com");
                user.setString(2, CHEAP_HASH);
                user.setObject(3, id);
                user.addBatch();
            }
            user.executeBatch();
            for (UUID owner : owners) {
                item.setObject(1, UUID.randomUUID());
                item.setObject(2, owner);
                item.addBatch();
            }
            item.executeBatch();
        }
    }

    private static UUID id(Half half, int n) {
        return UUID.fromString((half == Half.LOW ? "0" : "f") + String.format("%07x-0000-4000-8000-%012x", n, n));
    }
}
