package dev.cutover.service.auth;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.users.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * FastAPI's {@code OAuth2PasswordBearer} plus the template's {@code get_current_user} dependencies: no bearer
 * token is 401 with {@code WWW-Authenticate: Bearer}; a bad token, or one its user's password change, reset or
 * deactivation ended, 403; an unknown user 404; an inactive one 400.
 */
public class BearerAuthFilter {

    private static final String PREFIX = "bearer ";

    @Inject
    Tokens tokens;
    @Inject
    UserRepository users;
    @Inject
    CurrentUser currentUser;

    @ServerRequestFilter
    public Uni<Void> authenticate(HttpServerRequest request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        boolean superuser = method != null && method.isAnnotationPresent(RequiresSuperuser.class);
        if (method == null || !superuser && !method.isAnnotationPresent(RequiresUser.class)) {
            return Uni.createFrom().voidItem();
        }
        // From Vert.x, not JAX-RS: ContainerRequestContext copies every request header into a map on first use.
        // The first Authorization header counts, as in Starlette's request.headers.get.
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Uni.createFrom().failure(
                    new HttpError(401, "Not authenticated", Map.of("WWW-Authenticate", "Bearer")));
        }
        var access = tokens.verifyAccessToken(header.substring(PREFIX.length()).trim());
        if (access.isEmpty()) {
            return Uni.createFrom().failure(HttpError.forbidden("Could not validate credentials"));
        }
        return users.findById(access.get().userId()).map(user -> {
            if (user == null) {
                throw HttpError.notFound("User not found");
            }
            if (!user.isActive) {
                throw HttpError.badRequest("Inactive user"); // the template's answer, before the version's
            }
            // The row read anyway: a password change or reset, or a deactivation, since the token was issued
            // (through any instance) moved the version on, and the token ended with it.
            if (user.tokenVersion != access.get().version()) {
                throw HttpError.forbidden("Could not validate credentials");
            }
            if (superuser && !user.isSuperuser) {
                throw HttpError.forbidden("The user doesn't have enough privileges");
            }
            currentUser.set(user);
            return null;
        });
    }
}
