package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.EMAIL_MAX;
import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * What a superuser sends to change a user. Only the fields present change, as with pydantic's
 * {@code exclude_unset}: an absent {@code full_name} is null here, an explicit JSON null is {@code Optional.empty()}.
 */
public record UserUpdate(
        @Size(max = EMAIL_MAX) @ValidEmail String email,
        Boolean isActive,
        Boolean isSuperuser,
        Optional<@Size(max = FULL_NAME_MAX) String> fullName,
        @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password) {
}
