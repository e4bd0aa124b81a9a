package dev.cutover.service.api.model;

import dev.cutover.service.users.User;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record UserPublic(String email, boolean isActive, boolean isSuperuser, String fullName, UUID id,
                         OffsetDateTime createdAt) {

    public static UserPublic of(User user) {
        return new UserPublic(user.email, user.isActive, user.isSuperuser, user.fullName, user.id, user.createdAt);
    }
}
