package dev.cutover.service.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of items. {@code count} is exact in offset mode; in keyset mode it is exact for a user's own items and
 * a planner estimate over all items once they are many; {@code next_cursor} only in keyset mode while more follow.
 */
public record ItemsPublic(List<ItemPublic> data, long count,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
}
