package dev.cutover.service.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.migrations.testing.ScratchDatabase;
import dev.cutover.service.matrix.LegacyRows.Half;
import dev.cutover.service.matrix.LegacyRows.LegacyUser;
import dev.cutover.service.matrix.LegacyRows.Role;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests a state must answer as the final schema does: every operation of the API, the writes that leave the
 * backfilled columns alone, password change and reset, and logins that re-hash, on the legacy users of each key half.
 */
final class RequestScript {

    static final String SUPERUSER = "admin@example.com";
    static final String SUPERUSER_PASSWORD = "matrix superuser password";
    private static final String NEW_PASSWORD = "matrix new password";
    /** The label prefix of the requests that need the items table (V8 on), which earlier states do not run. */
    static final String ITEMS = "items: ";
    private static final Pattern RESET_TOKEN = Pattern.compile("reset-password\\?token=([A-Za-z0-9._-]+)");

    private final ApiClient api;
    private final SchemaState state;
    private final ScratchDatabase db;
    private final List<LegacyUser> legacy;

    private RequestScript(ApiClient api, SchemaState state, List<LegacyUser> legacy) {
        this.api = api;
        this.state = state;
        this.db = state.db();
        this.legacy = legacy;
    }

    /** Runs the script against the service at {@code base} on {@code state}; the items requests only where it has items. */
    static List<Outcome> run(URI base, SchemaState state, List<LegacyUser> legacy) {
        List<Outcome> outcomes = new ArrayList<>();
        new RequestScript(new ApiClient(base, outcomes), state, legacy).run();
        return outcomes;
    }

    private void run() {
        api.json("health check", "utils-health_check", "GET", "/api/v1/utils/health-check/", null, null);
        String admin = login("superuser login", SUPERUSER, SUPERUSER_PASSWORD);
        api.json("test email", "utils-test_email", "POST", "/api/v1/utils/test-email/?email_to=matrix%40example.com",
                admin, null);
        newUsers(admin);
        for (Half half : Half.values()) {
            String at = " (" + half.name().toLowerCase(Locale.ROOT) + " key)";
            legacyLogin(at, user(Role.LOGIN, half));
            login("legacy login, the email as stored with a leading space" + at, user(Role.SPACED, half).email(),
                    LegacyRows.PASSWORD);
            legacySelf(at, user(Role.ME, half));
            passwordChange(at, user(Role.PASSWORD, half));
            passwordReset(at, user(Role.RESET, half), admin);
            adminEdits(at, user(Role.ADMIN_EDIT, half), user(Role.ADMIN_DELETE, half), admin);
            selfDelete(at, user(Role.SELF_DELETE, half));
            if (state.itemsTable()) {
                items(at, user(Role.ITEMS, half), admin);
            }
        }
        if (state.itemsTable()) {
            itemsGoWithTheirOwner(admin);
        }
    }

    private void newUsers(String admin) {
        String email = newEmail();
        api.json("signup", "users-register_user", "POST", "/api/v1/users/signup", null,
                Map.of("email", email, "password", NEW_PASSWORD, "full_name", "Signed up"));
        String token = login("login of a new user", email, NEW_PASSWORD);
        api.json("read me, new user", "users-read_user_me", "GET", "/api/v1/users/me", token, null);
        // EmailStr lower-cases the domain and strips the spaces; the database fills email_normalized (V2's trigger).
        String changed = newEmail();
        ApiClient.Answer moved = api.json("change my email, new user", "users-update_user_me", "PATCH",
                "/api/v1/users/me", token, Map.of("email", " " + changed.replace("@example", "@EXAMPLE")));
        api.check("changed email as EmailStr stores it", "users.email", changed.equals(moved.text("email")) ? "right" : "wrong");
        api.check("email_normalized of the changed email", "users.email_normalized", normalizedOf(moved.text("id")));
        api.expect(state.normalizedColumn() ? "right" : "no column");
        api.json("signup with an email taken as stored", "users-register_user", "POST", "/api/v1/users/signup", null,
                Map.of("email", user(Role.ME, Half.LOW).email(), "password", NEW_PASSWORD));
        api.json("admin creates a user", "users-create_user", "POST", "/api/v1/users/", admin,
                Map.of("email", newEmail(), "password", NEW_PASSWORD, "full_name", "Created", "is_superuser", false));
        api.json("private API creates a user", "private-create_user", "POST", "/api/v1/private/users/", null,
                Map.of("email", newEmail(), "password", NEW_PASSWORD, "full_name", "Private"));
        api.json("admin lists users", "users-read_users", "GET", "/api/v1/users/", admin, null);
        ApiClient.Answer page = api.json("admin lists users, first keyset page", "users-read_users", "GET",
                "/api/v1/users/?after=&limit=5", admin, null);
        String cursor = page.text("next_cursor");
        if (cursor != null) {
            api.json("admin lists users, next keyset page", "users-read_users", "GET",
                    "/api/v1/users/?after=" + cursor + "&limit=5", admin, null);
        }
    }

    private void legacyLogin(String at, LegacyUser user) {
        String token = login("legacy login that re-hashes" + at, user.email(), LegacyRows.PASSWORD);
        api.check("re-hash stored" + at, "users.hashed_password after login", storedHashKind(user));
        api.json("test token" + at, "login-test_token", "POST", "/api/v1/login/test-token", token, null);
    }

    private void legacySelf(String at, LegacyUser user) {
        String token = login("legacy login" + at, user.email(), LegacyRows.PASSWORD);
        api.json("read me" + at, "users-read_user_me", "GET", "/api/v1/users/me", token, null);
        api.json("rename me" + at, "users-update_user_me", "PATCH", "/api/v1/users/me", token,
                Map.of("full_name", "Renamed"));
        // Lookups ignore case and surrounding spaces only once they use email_normalized (its unique index, V6).
        String switched = state.normalizedReads() ? "200" : "400";
        login("login with the email in other case" + at, " " + user.email().toUpperCase(Locale.ROOT) + " ",
                LegacyRows.PASSWORD);
        api.expect(switched);
        api.json("signup with an email taken but for case" + at, "users-register_user", "POST",
                "/api/v1/users/signup", null, Map.of("email", user.email().toLowerCase(Locale.ROOT),
                        "password", NEW_PASSWORD));
        api.expect(state.normalizedReads() ? "400" : "200");
    }

    private void passwordChange(String at, LegacyUser user) {
        String token = login("legacy login" + at, user.email(), LegacyRows.PASSWORD);
        api.json("change password" + at, "users-update_password_me", "PATCH", "/api/v1/users/me/password", token,
                Map.of("current_password", LegacyRows.PASSWORD, "new_password", NEW_PASSWORD));
        login("login with the changed password" + at, user.email(), NEW_PASSWORD);
    }

    private void passwordReset(String at, LegacyUser user, String admin) {
        String email = user.email();
        api.json("password recovery" + at, "login-recover_password", "POST", "/api/v1/password-recovery/" + email,
                null, null);
        ApiClient.Answer html = api.json("recovery mail's HTML" + at, "login-recover_password_html_content", "POST",
                "/api/v1/password-recovery-html-content/" + email, admin, null);
        Matcher token = RESET_TOKEN.matcher(html.body());
        api.json("reset password" + at, "login-reset_password", "POST", "/api/v1/reset-password/", null,
                Map.of("token", token.find() ? token.group(1) : "none", "new_password", NEW_PASSWORD));
        login("login with the reset password" + at, email, NEW_PASSWORD);
    }

    private void adminEdits(String at, LegacyUser edited, LegacyUser deleted, String admin) {
        api.json("admin reads a user" + at, "users-read_user_by_id", "GET", "/api/v1/users/" + edited.id(), admin, null);
        api.json("admin edits a user, not the email" + at, "users-update_user", "PATCH", "/api/v1/users/" + edited.id(),
                admin, Map.of("full_name", "Edited by admin", "is_active", true, "is_superuser", false));
        api.json("admin deletes a user" + at, "users-delete_user", "DELETE", "/api/v1/users/" + deleted.id(), admin, null);
    }

    private void selfDelete(String at, LegacyUser user) {
        String token = login("legacy login" + at, user.email(), LegacyRows.PASSWORD);
        api.json("delete me" + at, "users-delete_user_me", "DELETE", "/api/v1/users/me", token, null);
    }

    private void items(String at, LegacyUser owner, String admin) {
        String token = login(ITEMS + "legacy login" + at, owner.email(), LegacyRows.PASSWORD);
        ApiClient.Answer mine = api.json(ITEMS + "list my items" + at, "items-read_items", "GET", "/api/v1/items/", token, null);
        for (JsonNode old : mine.json().path("data")) {
            // Only on an adopted database: the template wrote it before it recorded creation times.
            api.json(ITEMS + "edit an item written before the change" + at, "items-update_item", "PUT",
                    "/api/v1/items/" + old.path("id").asText(), token, Map.of("title", "Edited"));
        }
        String id = api.json(ITEMS + "create an item" + at, "items-create_item", "POST", "/api/v1/items/", token,
                Map.of("title", "Matrix item", "description", "made in a schema state")).text("id");
        api.json(ITEMS + "read the item" + at, "items-read_item", "GET", "/api/v1/items/" + id, token, null);
        api.json(ITEMS + "edit the item" + at, "items-update_item", "PUT", "/api/v1/items/" + id, token,
                Map.of("title", "Matrix item, edited"));
        api.json(ITEMS + "admin lists items" + at, "items-read_items", "GET", "/api/v1/items/?after=&limit=10", admin, null);
        api.json(ITEMS + "delete the item" + at, "items-delete_item", "DELETE", "/api/v1/items/" + id, token, null);
    }

    /** An item goes with its owner: deleting the user deletes it (ON DELETE CASCADE). */
    private void itemsGoWithTheirOwner(String admin) {
        String email = newEmail();
        String owner = api.json(ITEMS + "signup of an item owner", "users-register_user", "POST", "/api/v1/users/signup", null,
                Map.of("email", email, "password", NEW_PASSWORD)).text("id");
        String token = login(ITEMS + "login of an item owner", email, NEW_PASSWORD);
        String id = api.json(ITEMS + "create an item to go with its owner", "items-create_item", "POST", "/api/v1/items/",
                token, Map.of("title", "Goes with its owner")).text("id");
        api.json(ITEMS + "admin deletes the item's owner", "users-delete_user", "DELETE", "/api/v1/users/" + owner, admin, null);
        api.json(ITEMS + "admin reads the item of a deleted owner", "items-read_item", "GET", "/api/v1/items/" + id, admin, null);
    }

    private String login(String label, String email, String password) {
        return api.form(label, "login-login_access_token", "/api/v1/login/access-token",
                Map.of("username", email, "password", password)).text("access_token");
    }

    /** "argon2id" once the login has stored its new hash, else what the row holds. */
    private String storedHashKind(LegacyUser user) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT hashed_password FROM users WHERE id = ?")) {
            ps.setObject(1, user.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "no row";
                }
                String hash = rs.getString(1);
                return hash.startsWith("$argon2id$") ? "argon2id" : hash.equals(LegacyRows.CHEAP_HASH) ? "still bcrypt" : "other";
            }
        } catch (SQLException e) {
            return "ERROR " + e.getMessage();
        }
    }

    /** "right" when the row's email_normalized is lower(btrim(email)), "wrong" when not, "no column" before V2. */
    private String normalizedOf(String id) {
        if (id == null) {
            return "no row";
        }
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT email_normalized IS NOT DISTINCT FROM lower(btrim(email)) FROM users WHERE id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() ? "no row" : rs.getBoolean(1) ? "right" : "wrong";
            }
        } catch (SQLException e) {
            return "42703".equals(e.getSQLState()) ? "no column" : "ERROR " + e.getMessage();
        }
    }

    private LegacyUser user(Role role, Half half) {
        return legacy.stream().filter(u -> u.role() == role && u.half() == half).findFirst().orElseThrow();
    }

    private static String newEmail() {
        return "matrix-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }
}
