package dev.cutover.migrations.seed;

import java.time.Instant;
import java.util.UUID;

/** One user the seeder writes: the same values for the same {@code number} and seed on every run. */
public record SeededUser(long number, UUID id, String email, String fullName, Instant createdAt) {
}
