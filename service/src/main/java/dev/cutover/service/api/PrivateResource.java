package dev.cutover.service.api;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.api.model.PrivateUserCreate;
import dev.cutover.service.api.model.UserPublic;
import dev.cutover.service.auth.PasswordHasher;
import dev.cutover.service.users.SignUpsInFlight;
import dev.cutover.service.users.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The template's development-only API, which its Playwright suite uses to create users: no authentication, so
 * {@link PrivateApiSwitch} answers 404 before this is reached (as if it were not there) unless {@link PrivateApi} says
 * it is on.
 */
@Path(Api.PREFIX + "/private")
@Tag(name = "private")
@Produces(MediaType.APPLICATION_JSON)
@CompletesDespiteDisconnect
public class PrivateResource {

    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    SignUpsInFlight signUps;

    @POST
    @Path("/users/")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "private-create_user", summary = "Create User", description = "Create a new user.")
    public Uni<UserPublic> createUser(@Valid @NotNull PrivateUserCreate body) {
        return signUps.track(body.email(), users.findByEmail(body.email()).chain(existing -> {
            if (existing != null) {
                throw HttpError.badRequest(UsersResource.EXISTS_ON_CREATE);
            }
            return hasher.hash(body.password());
        }).chain(hash -> users.create(body.email(), hash, body.fullName(), true, false)))
                .map(UserPublic::of)
                .onFailure(UsersResource::isUniqueViolation)
                .transform(e -> HttpError.badRequest(UsersResource.EXISTS_ON_CREATE));
    }
}
