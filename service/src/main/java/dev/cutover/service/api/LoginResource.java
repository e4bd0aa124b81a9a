package dev.cutover.service.api;

import dev.cutover.service.api.errors.FieldError;
import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.api.model.Message;
import dev.cutover.service.api.model.NewPassword;
import dev.cutover.service.api.model.Token;
import dev.cutover.service.api.model.UserPublic;
import dev.cutover.service.auth.CurrentUser;
import dev.cutover.service.auth.LoginThrottle;
import dev.cutover.service.auth.PasswordHasher;
import dev.cutover.service.auth.RequiresSuperuser;
import dev.cutover.service.auth.RequiresUser;
import dev.cutover.service.auth.Tokens;
import dev.cutover.service.mail.RecoveryMail;
import dev.cutover.service.users.SignUpsInFlight;
import dev.cutover.service.users.User;
import dev.cutover.service.users.UserRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

@Path(Api.PREFIX)
@Tag(name = "login")
@Produces(MediaType.APPLICATION_JSON)
@CompletesDespiteDisconnect
public class LoginResource {

    private static final Logger LOG = Logger.getLogger(LoginResource.class);

    static final String RECOVERY_SENT = "If that email is registered, we sent a password recovery link";

    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    Tokens tokens;
    @Inject
    CurrentUser currentUser;
    @Inject
    RecoveryMail mail;
    @Inject
    LoginThrottle throttle;
    @Inject
    SignUpsInFlight signUps;

    private final Counter rehashFailures;

    @Inject
    public LoginResource(MeterRegistry registry) {
        rehashFailures = Counter.builder("cutover.login.rehash.failures")
                .description("Logins that answered 200 although storing the re-hashed password failed").register(registry);
    }

    @POST
    @Path("/login/access-token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "login-login_access_token", summary = "Login Access Token",
            description = "OAuth2 compatible token login, get an access token for future requests")
    public Uni<Token> loginAccessToken(@RestForm String username, @RestForm String password,
                                       @RestForm("grant_type") String grantType,
                                       @Context HttpServerRequest request) {
        Params params = new Params();
        if (grantType != null && !grantType.equals("password")) {
            params.invalid(new FieldError("string_pattern_mismatch", List.of("body", "grant_type"),
                    "String should match pattern '^password$'", grantType));
        }
        if (username == null) {
            params.invalid(FieldError.missing(List.of("body", "username"), null));
        }
        if (password == null) {
            params.invalid(FieldError.missing(List.of("body", "password"), null));
        }
        params.check();
        // The client's address as Vert.x sees it: the peer, or what a trusted proxy forwarded (quarkus.http.proxy.*).
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return throttle.check(username, address).chain(() -> signUps.settled(username))
                .chain(() -> users.findByEmail(username))
                .chain(user -> hasher.verifyAndUpdate(user == null ? null : user.hashedPassword, password)
                        .chain(verified -> {
                            if (!verified.matches()) {
                                return throttle.failed(username, address).<Token>map(ignored -> {
                                    throw HttpError.badRequest("Incorrect email or password");
                                });
                            }
                            return throttle.succeeded(username, address).chain(() -> issue(user, verified));
                        }));
    }

    /** The token of a user whose password matched; as the template, a bcrypt or weaker hash is replaced first. */
    private Uni<Token> issue(User user, PasswordHasher.Verification verified) {
        // Replaced active or not, as the template does. The database moves the token version on with the hash, so
        // the new token carries the version after it.
        Uni<Integer> version = verified.newHash() == null ? Uni.createFrom().item(user.tokenVersion)
                : replaceHashBestEffort(user, verified.newHash());
        return version.map(tokenVersion -> {
            if (!user.isActive) {
                throw HttpError.badRequest("Inactive user");
            }
            return Token.bearer(tokens.accessToken(user.id, tokenVersion));
        });
    }

    /**
     * The stronger hash is an improvement, never a condition: a correct password logs in even when storing it fails (a
     * schema state, a lock, a lost connection), and the failure is logged and counted for the operators.
     */
    private Uni<Integer> replaceHashBestEffort(User user, String newHash) {
        return users.replacePasswordHash(user.id, user.hashedPassword, newHash, user.tokenVersion).onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("Login of user %s: storing the stronger password hash failed, the old one stays: %s",
                            user.id, failure.toString());
                    rehashFailures.increment();
                    return user.tokenVersion;
                });
    }

    @POST
    @Path("/login/test-token")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "login-test_token", summary = "Test Token", description = "Test access token")
    public UserPublic testToken() {
        return UserPublic.of(currentUser.get());
    }

    @POST
    @Path("/password-recovery/{email}")
    @Operation(operationId = "login-recover_password", summary = "Recover Password", description = "Password Recovery")
    public Uni<Message> recoverPassword(@PathParam("email") String email) {
        // Same answer and no waiting on the mail server either way, so the response tells nothing about the email.
        return signUps.settled(email).chain(() -> users.findByEmail(email)).map(user -> {
            if (user != null && user.isActive) {
                mail.sendRecovery(user.email, tokens.passwordResetToken(user.email, user.tokenVersion));
            }
            return new Message(RECOVERY_SENT);
        });
    }

    @POST
    @Path("/reset-password/")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "login-reset_password", summary = "Reset Password", description = "Reset password")
    public Uni<Message> resetPassword(@Valid @NotNull NewPassword body) {
        Tokens.Reset reset = tokens.verifyPasswordResetToken(body.token())
                .orElseThrow(() -> HttpError.badRequest("Invalid token"));
        return users.findByEmail(reset.email()).chain(user -> {
            // A token issued before the user's last password change, reset or deactivation is spent.
            if (user == null || user.tokenVersion != reset.version()) {
                throw HttpError.badRequest("Invalid token");
            }
            if (!user.isActive) {
                throw HttpError.badRequest("Inactive user");
            }
            return hasher.hash(body.newPassword())
                    .chain(hash -> users.resetPassword(user.id, hash, reset.version()))
                    .map(done -> {
                        if (!done) {
                            throw HttpError.badRequest("Invalid token"); // a concurrent reset with it won
                        }
                        return new Message("Password updated successfully");
                    });
        });
    }

    @POST
    @Path("/password-recovery-html-content/{email}")
    @Produces(MediaType.TEXT_HTML)
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "login-recover_password_html_content", summary = "Recover Password Html Content",
            description = "HTML content for password recovery")
    public Uni<Response> recoverPasswordHtmlContent(@PathParam("email") String email) {
        return users.findByEmail(email).map(user -> {
            if (user == null) {
                throw HttpError.notFound("The user with this username does not exist in the system.");
            }
            RecoveryMail.Content content = mail.recoveryContent(user.email,
                    tokens.passwordResetToken(user.email, user.tokenVersion));
            return Response.ok(content.html(), MediaType.TEXT_HTML_TYPE).header("subject", content.subject()).build();
        });
    }
}
