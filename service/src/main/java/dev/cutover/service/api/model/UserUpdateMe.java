package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;

import dev.cutover.service.api.errors.EmailStr;
import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.Size;

/** What a user sends to change their own profile; absent fields stay, {@code "full_name": null} clears the name. */
public class UserUpdateMe {

    @Size(max = FULL_NAME_MAX)
    private String fullName;
    private boolean fullNameSent;
    @ValidEmail
    private String email;

    public String getFullName() {
        return fullName;
    }

    public void setFullName(String fullName) {
        this.fullName = fullName;
        this.fullNameSent = true;
    }

    /** Whether the request carried {@code full_name}, null included. */
    public boolean fullNameSent() {
        return fullNameSent;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = EmailStr.normalizedOrAsSent(email);
    }
}
