package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A password reset: the token from the recovery email and the new password. */
public record NewPassword(
        @NotNull String token,
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String newPassword) {
}
