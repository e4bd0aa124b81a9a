package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.EMAIL_MAX;
import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;

import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** What a user sends to change their own profile; absent fields stay as they are. */
public record UserUpdateMe(
        Optional<@Size(max = FULL_NAME_MAX) String> fullName,
        @Size(max = EMAIL_MAX) @ValidEmail String email) {
}
