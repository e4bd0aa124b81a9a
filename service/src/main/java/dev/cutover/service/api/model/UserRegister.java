package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import dev.cutover.service.api.errors.EmailStr;
import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What anyone sends to sign up. */
public record UserRegister(
        @NotNull @ValidEmail String email,
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password,
        @Size(max = FULL_NAME_MAX) String fullName) {

    /** The email as EmailStr stores it (trimmed, domain lower-cased), or as sent when it is not valid. */
    public UserRegister {
        email = EmailStr.normalizedOrAsSent(email);
    }
}
