package dev.cutover.service.api.model;

import static dev.cutover.service.api.model.Constraints.FULL_NAME_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MAX;
import static dev.cutover.service.api.model.Constraints.PASSWORD_MIN;

import dev.cutover.service.api.errors.EmailStr;
import dev.cutover.service.api.errors.ValidEmail;
import jakarta.validation.constraints.Size;

/**
 * What a superuser sends to change a user. Only the fields present change, as with pydantic's
 * {@code exclude_unset}; {@code "full_name": null} clears the name, an absent one keeps it.
 */
public class UserUpdate {

    @ValidEmail
    private String email;
    private Boolean isActive;
    private Boolean isSuperuser;
    @Size(max = FULL_NAME_MAX)
    private String fullName;
    private boolean fullNameSent;
    @Size(min = PASSWORD_MIN, max = PASSWORD_MAX)
    private String password;

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = EmailStr.normalizedOrAsSent(email);
    }

    public Boolean getIsActive() {
        return isActive;
    }

    public void setIsActive(Boolean isActive) {
        this.isActive = isActive;
    }

    public Boolean getIsSuperuser() {
        return isSuperuser;
    }

    public void setIsSuperuser(Boolean isSuperuser) {
        this.isSuperuser = isSuperuser;
    }

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

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
