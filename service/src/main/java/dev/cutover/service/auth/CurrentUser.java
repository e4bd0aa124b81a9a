package dev.cutover.service.auth;

import dev.cutover.service.users.User;
import jakarta.enterprise.context.RequestScoped;

/** The user whose token authenticated this request, set by {@link BearerAuthFilter}. */
@RequestScoped
public class CurrentUser {

    private User user;

    public User get() {
        if (user == null) {
            throw new IllegalStateException("no authenticated user: is the endpoint annotated with @RequiresUser?");
        }
        return user;
    }

    void set(User user) {
        this.user = user;
    }
}
