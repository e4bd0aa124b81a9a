package dev.cutover.migrations.seed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One user the template-shaped seeder writes, with its items: the same values for the same {@code number} and seed
 * on every run. {@code createdAt} is null for a user (or item) older than the template's created_at column;
 * {@code bcrypt} tells which of the template's two hash formats its password has.
 */
public record TemplateUser(long number, UUID id, String email, String fullName, boolean active, boolean bcrypt,
                           Instant createdAt, List<Item> items) {

    /** One of the user's items. */
    public record Item(UUID id, String title, String description, Instant createdAt) {
    }

    /** Whether Cutover, verifying Argon2 only, can log this user in: active and with an Argon2 hash. */
    public boolean logsInWithArgon2() {
        return active && !bcrypt;
    }
}
