package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A user's own password change. */
public record UpdatePassword(
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String currentPassword,
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String newPassword) {
}
