package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.ITEM_DESCRIPTION_MAX;
import static dev.cutover.service.api.model.Constraints.ITEM_TITLE_MAX;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a user sends to create an item. */
public record ItemCreate(
        @NotNull @Size(min = 1, max = ITEM_TITLE_MAX) String title,
        @Size(max = ITEM_DESCRIPTION_MAX) String description) {
}
