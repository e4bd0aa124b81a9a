package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.EMAIL_MAX;
import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of the template's private {@code POST /private/users/}: plain strings, stored as sent (no email
 * validation, as there), limited only to what the columns hold; {@code is_verified} accepted and ignored as there.
 */
public record PrivateUserCreate(@NotNull @Size(max = EMAIL_MAX) String email, @NotNull String password,
                                @NotNull @Size(max = FULL_NAME_MAX) String fullName,
                                Boolean isVerified) {
}
