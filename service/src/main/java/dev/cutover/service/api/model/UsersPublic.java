package dev.cutover.service.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of users. {@code count} is exact in offset mode and a planner estimate in keyset mode;
 * {@code next_cursor} is only present in keyset mode while more pages follow.
 */
public record UsersPublic(List<UserPublic> data, long count,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
}
