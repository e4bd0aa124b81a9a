package dev.cutover.service.api.model;

import dev.cutover.service.items.Item;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An item as the API shows it, fields in the template's order. */
public record ItemPublic(String title, String description, UUID id, UUID ownerId, OffsetDateTime createdAt) {

    public static ItemPublic of(Item item) {
        return new ItemPublic(item.title(), item.description(), item.id(), item.ownerId(), item.createdAt());
    }
}
