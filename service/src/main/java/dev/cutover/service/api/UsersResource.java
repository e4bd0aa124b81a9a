package dev.cutover.service.api;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.api.model.Message;
import dev.cutover.service.api.model.UpdatePassword;
import dev.cutover.service.api.model.UserCreate;
import dev.cutover.service.api.model.UserPublic;
import dev.cutover.service.api.model.UserRegister;
import dev.cutover.service.api.model.UserUpdate;
import dev.cutover.service.api.model.UserUpdateMe;
import dev.cutover.service.api.model.UsersPublic;
import dev.cutover.service.auth.CurrentUser;
import dev.cutover.service.auth.PasswordHasher;
import dev.cutover.service.auth.RequiresSuperuser;
import dev.cutover.service.auth.RequiresUser;
import dev.cutover.service.db.DatabaseFailures;
import dev.cutover.service.db.KeysetCursor;
import dev.cutover.service.users.SignUpsInFlight;
import dev.cutover.service.users.User;
import dev.cutover.service.users.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(Api.PREFIX + "/users")
@Tag(name = "users")
@Produces(MediaType.APPLICATION_JSON)
@CompletesDespiteDisconnect
public class UsersResource {

    static final String EXISTS_ON_CREATE = "The user with this email already exists in the system.";
    static final String EXISTS_ON_SIGNUP = "The user with this email already exists in the system";
    static final String EXISTS_ON_UPDATE = "User with this email already exists";
    static final String NO_SELF_DELETE = "Super users are not allowed to delete themselves";

    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    SignUpsInFlight signUps;
    @Inject
    CurrentUser currentUser;

    @GET
    @Path("/")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-read_users", summary = "Read Users",
            description = "Retrieve users, newest first. Offset mode (skip) counts all users exactly on every page; "
                    + "keyset mode (after, empty for the first page) reads only the page and gives an estimated count "
                    + "and a next_cursor, which is what a client paging through millions of users should use.")
    public Uni<UsersPublic> readUsers(
            @QueryParam("skip") @Parameter(description = "Offset mode: users to skip",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0")) String skipRaw,
            @QueryParam("limit") @Parameter(description = "Page size",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100", minimum = "1",
                            maximum = "" + Api.MAX_PAGE)) String limitRaw,
            @QueryParam("after") @Parameter(description = "Keyset mode: next_cursor of the previous page, empty for the first") String afterRaw,
            @Context UriInfo uri) {
        Paging paging = Paging.parse(skipRaw, limitRaw, afterRaw, uri);
        if (!paging.keyset()) {
            return Uni.combine().all().unis(users.page(paging.skip(), paging.limit()), users.count())
                    .with((page, count) -> new UsersPublic(publicOf(page), count, null));
        }
        return Uni.combine().all().unis(users.keysetPage(paging.after(), paging.limit()), users.estimatedCount())
                .with((page, count) -> new UsersPublic(publicOf(page), count, page.isEmpty() ? null
                        : paging.nextCursor(page.size(), cursorAt(page.get(page.size() - 1)))));
    }

    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-create_user", summary = "Create User", description = "Create new user.")
    public Uni<UserPublic> createUser(@Valid @NotNull UserCreate body) {
        return createUnique(body.email(), body.password(), body.fullName(), body.active(), body.superuser(),
                EXISTS_ON_CREATE);
    }

    @PATCH
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-update_user_me", summary = "Update User Me", description = "Update own user.")
    public Uni<UserPublic> updateUserMe(@Valid @NotNull UserUpdateMe body) {
        User me = currentUser.get();
        return ensureEmailFree(body.getEmail(), me.id).chain(ignored -> users.update(me.id, user -> {
            if (body.getEmail() != null) {
                user.email = body.getEmail();
            }
            if (body.fullNameSent()) {
                user.fullName = body.getFullName();
            }
        })).map(UsersResource::found).onFailure(UsersResource::isUniqueViolation)
                .transform(e -> HttpError.conflict(EXISTS_ON_UPDATE));
    }

    @PATCH
    @Path("/me/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-update_password_me", summary = "Update Password Me", description = "Update own password.")
    public Uni<Message> updatePasswordMe(@Valid @NotNull UpdatePassword body) {
        User me = currentUser.get();
        return hasher.verify(me.hashedPassword, body.currentPassword()).chain(matches -> {
            if (!matches) {
                throw HttpError.badRequest("Incorrect password");
            }
            if (body.currentPassword().equals(body.newPassword())) {
                throw HttpError.badRequest("New password cannot be the same as the current one");
            }
            return hasher.hash(body.newPassword());
        }).chain(hash -> users.update(me.id, user -> user.hashedPassword = hash))
                .map(updated -> new Message("Password updated successfully"));
    }

    @GET
    @Path("/me")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-read_user_me", summary = "Read User Me", description = "Get current user.")
    public UserPublic readUserMe() {
        return UserPublic.of(currentUser.get());
    }

    @DELETE
    @Path("/me")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-delete_user_me", summary = "Delete User Me", description = "Delete own user.")
    public Uni<Message> deleteUserMe() {
        User me = currentUser.get();
        if (me.isSuperuser) {
            throw HttpError.forbidden(NO_SELF_DELETE);
        }
        return users.delete(me.id).map(deleted -> new Message("User deleted successfully"));
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "users-register_user", summary = "Register User",
            description = "Create new user without the need to be logged in.")
    public Uni<UserPublic> registerUser(@Valid @NotNull UserRegister body) {
        return createUnique(body.email(), body.password(), body.fullName(), true, false, EXISTS_ON_SIGNUP);
    }

    @GET
    @Path("/{user_id}")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-read_user_by_id", summary = "Read User By Id", description = "Get a specific user by id.")
    public Uni<UserPublic> readUserById(@PathParam("user_id") @Parameter(schema = @Schema(format = "uuid")) String userIdRaw) {
        UUID userId = userId(userIdRaw);
        User me = currentUser.get();
        if (me.id.equals(userId)) {
            return Uni.createFrom().item(UserPublic.of(me));
        }
        if (!me.isSuperuser) {
            throw HttpError.forbidden("The user doesn't have enough privileges");
        }
        return users.findById(userId).map(user -> {
            if (user == null) {
                throw HttpError.notFound("User not found");
            }
            return UserPublic.of(user);
        });
    }

    @PATCH
    @Path("/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-update_user", summary = "Update User", description = "Update a user.")
    public Uni<UserPublic> updateUser(@PathParam("user_id") @Parameter(schema = @Schema(format = "uuid")) String userIdRaw, @Valid @NotNull UserUpdate body) {
        UUID userId = userId(userIdRaw);
        Uni<String> newHash = body.getPassword() == null ? Uni.createFrom().nullItem() : hasher.hash(body.getPassword());
        return users.findById(userId).chain(existing -> {
            if (existing == null) {
                throw HttpError.notFound("The user with this id does not exist in the system");
            }
            return ensureEmailFree(body.getEmail(), userId);
        }).chain(ignored -> newHash).chain(hash -> users.update(userId, user -> {
            if (body.getEmail() != null) {
                user.email = body.getEmail();
            }
            if (body.getIsActive() != null) {
                user.isActive = body.getIsActive();
            }
            if (body.getIsSuperuser() != null) {
                user.isSuperuser = body.getIsSuperuser();
            }
            if (body.fullNameSent()) {
                user.fullName = body.getFullName();
            }
            if (hash != null) {
                user.hashedPassword = hash;
            }
        })).map(UsersResource::found).onFailure(UsersResource::isUniqueViolation)
                .transform(e -> HttpError.conflict(EXISTS_ON_UPDATE));
    }

    @DELETE
    @Path("/{user_id}")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "users-delete_user", summary = "Delete User", description = "Delete a user.")
    public Uni<Message> deleteUser(@PathParam("user_id") @Parameter(schema = @Schema(format = "uuid")) String userIdRaw) {
        UUID userId = userId(userIdRaw);
        if (currentUser.get().id.equals(userId)) {
            throw HttpError.forbidden(NO_SELF_DELETE);
        }
        return users.delete(userId).map(deleted -> {
            if (!deleted) {
                throw HttpError.notFound("User not found");
            }
            return new Message("User deleted successfully");
        });
    }

    private Uni<UserPublic> createUnique(String email, String password, String fullName, boolean active,
                                         boolean superuser, String existsDetail) {
        // In flight from the lookup to the commit: a login or recovery for this address waits for it (SignUpsInFlight).
        return signUps.track(email, users.findByEmail(email).chain(existing -> {
            if (existing != null) {
                throw HttpError.badRequest(existsDetail);
            }
            return hasher.hash(password);
        }).chain(hash -> users.create(email, hash, fullName, active, superuser)))
                .map(UserPublic::of)
                .onFailure(UsersResource::isUniqueViolation).transform(e -> HttpError.badRequest(existsDetail));
    }

    private Uni<Void> ensureEmailFree(String email, UUID owner) {
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        return users.findByEmail(email).map(existing -> {
            if (existing != null && !existing.id.equals(owner)) {
                throw HttpError.conflict(EXISTS_ON_UPDATE);
            }
            return null;
        });
    }

    private static UUID userId(String raw) {
        Params params = new Params();
        UUID id = params.pathUuid("user_id", raw);
        params.check();
        return id;
    }

    private static UserPublic found(User user) {
        if (user == null) {
            throw HttpError.notFound("User not found");
        }
        return UserPublic.of(user);
    }

    private static List<UserPublic> publicOf(List<User> page) {
        return page.stream().map(UserPublic::of).toList();
    }

    /** A concurrent request took the email between our check and the write: the unique index has the last word. */
    private static KeysetCursor cursorAt(User user) {
        return new KeysetCursor(user.createdAt, user.id);
    }

    static boolean isUniqueViolation(Throwable failure) {
        return DatabaseFailures.isUniqueViolation(failure, "users_email");
    }
}
