package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.EMAIL_MAX;
import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What anyone sends to sign up. */
public record UserRegister(
        @NotNull @Size(max = EMAIL_MAX) @ValidEmail String email,
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password,
        @Size(max = FULL_NAME_MAX) String fullName) {
}
