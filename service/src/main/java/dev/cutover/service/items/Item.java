package dev.cutover.service.items;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of {@code items}. {@code createdAt} is null only in rows a database adopted from the FastAPI template
 * brought along (its column is nullable); Cutover always sets it.
 */
public record Item(UUID id, String title, String description, UUID ownerId, OffsetDateTime createdAt) {
}
