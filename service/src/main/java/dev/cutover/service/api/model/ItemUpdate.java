package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.ITEM_DESCRIPTION_MAX;
import static dev.cutover.service.api.model.Constraints.ITEM_TITLE_MAX;

import jakarta.validation.constraints.Size;

/**
 * What a user sends to change an item: absent fields stay, {@code "description": null} clears the description.
 * {@code "title": null} leaves the title (the column is NOT NULL; the template fails with a 500 there).
 */
public class ItemUpdate {

    @Size(min = 1, max = ITEM_TITLE_MAX)
    private String title;
    @Size(max = ITEM_DESCRIPTION_MAX)
    private String description;
    private boolean descriptionSent;

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
        this.descriptionSent = true;
    }

    /** Whether the request carried {@code description}, null included. */
    public boolean descriptionSent() {
        return descriptionSent;
    }
}
