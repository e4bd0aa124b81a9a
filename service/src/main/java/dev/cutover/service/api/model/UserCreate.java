package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import dev.cutover.service.api.errors.EmailStr;
import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a superuser sends to create a user. */
public record UserCreate(
        @NotNull @ValidEmail String email,
        Boolean isActive,
        Boolean isSuperuser,
        @Size(max = FULL_NAME_MAX) String fullName,
        @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password) {

    /** The email as EmailStr stores it (trimmed, domain lower-cased), or as sent when it is not valid. */
    public UserCreate {
        email = EmailStr.normalizedOrAsSent(email);
    }

    public boolean active() {
        return isActive == null || isActive;
    }

    public boolean superuser() {
        return isSuperuser != null && isSuperuser;
    }
}
