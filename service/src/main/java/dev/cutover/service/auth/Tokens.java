package dev.cutover.service.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cutover.service.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The template's two HS256 tokens, each with its purpose as a claim ({@code purpose}: {@code access} or
 * {@code reset}) and the token version its user had when it was issued ({@code ver}, see V11): access tokens
 * ({@code sub} = user id, {@code exp}) and password-reset tokens ({@code sub} = email, {@code nbf}, {@code exp}). A
 * token without {@code exp}, without its purpose, or with the other purpose is refused.
 *
 * <p>Access tokens that verified once are remembered by their exact text until they expire, so a client sending the
 * same token on every request pays the HMAC and the JSON parsing once. Only the token's own facts are remembered
 * (its user id, version and expiry): whether that user still exists, is active, is a superuser or still has that
 * token version is read from the database on every request, as the template reads the rest, so a change made through
 * any instance ends the token on every instance at its next request.
 */
@ApplicationScoped
public class Tokens {

    /** Tokens remembered at most: a few MB, far more than the distinct tokens a pod sees in one token lifetime. */
    static final int VERIFIED_TOKENS = 10_000;
    static final String PURPOSE = "purpose";
    static final String VERSION = "ver";
    static final String ACCESS = "access";
    static final String RESET = "reset";

    private final Algorithm algorithm;
    private final JWTVerifier accessVerifier;
    private final JWTVerifier resetVerifier;
    private final Duration accessLifetime;
    private final Duration resetLifetime;
    private final Clock clock;
    private final Cache<String, Access> verifiedAccess =
            Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS).build();

    @Inject
    public Tokens(ServiceConfig config) {
        this(config.secretKey(), Duration.ofMinutes(config.accessTokenExpireMinutes()),
                Duration.ofHours(config.emailResetTokenExpireHours()), Clock.systemUTC());
    }

    Tokens(String secret, Duration accessLifetime, Duration resetLifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.accessVerifier = verifier(ACCESS, clock);
        this.resetVerifier = verifier(RESET, clock);
        this.accessLifetime = accessLifetime;
        this.resetLifetime = resetLifetime;
        this.clock = clock;
    }

    private JWTVerifier verifier(String purpose, Clock clock) {
        return ((JWTVerifier.BaseVerification) JWT.require(algorithm).withClaim(PURPOSE, purpose)
                .withClaimPresence("exp").withClaimPresence(VERSION).withClaimPresence("sub")).build(clock);
    }

    /** An access token for the user, valid until its lifetime ends or the user's token version moves on. */
    public String accessToken(UUID userId, int tokenVersion) {
        Instant now = clock.instant();
        return JWT.create().withSubject(userId.toString()).withClaim(PURPOSE, ACCESS).withClaim(VERSION, tokenVersion)
                .withIssuedAt(now).withExpiresAt(now.plus(accessLifetime)).sign(algorithm);
    }

    /** What a valid, unexpired access token says; whether its version is still the user's is for the caller. */
    public Optional<Access> verifyAccessToken(String token) {
        Access known = verifiedAccess.getIfPresent(token);
        if (known != null) {
            if (known.validAt(clock.instant())) {
                return Optional.of(known);
            }
            verifiedAccess.invalidate(token);
            return Optional.empty();
        }
        Optional<DecodedJWT> jwt = verified(accessVerifier, token);
        if (jwt.isEmpty()) {
            return Optional.empty();
        }
        UUID userId;
        Integer version = jwt.get().getClaim(VERSION).asInt();
        try {
            userId = UUID.fromString(jwt.get().getSubject());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (version == null) {
            return Optional.empty();
        }
        // nbf and iat, once in the past, stay there: from now on only the expiry can make this token invalid here.
        Access access = new Access(userId, version, jwt.get().getExpiresAtAsInstant());
        verifiedAccess.put(token, access);
        return Optional.of(access);
    }

    /** A password-reset token for the email, working once: the reset moves the user's token version on. */
    public String passwordResetToken(String email, int tokenVersion) {
        Instant now = clock.instant();
        return JWT.create().withSubject(email).withClaim(PURPOSE, RESET).withClaim(VERSION, tokenVersion)
                .withIssuedAt(now).withNotBefore(now).withExpiresAt(now.plus(resetLifetime)).sign(algorithm);
    }

    /** What a valid, unexpired password-reset token says. */
    public Optional<Reset> verifyPasswordResetToken(String token) {
        return verified(resetVerifier, token)
                .filter(jwt -> jwt.getSubject().contains("@") && jwt.getClaim(VERSION).asInt() != null)
                .map(jwt -> new Reset(jwt.getSubject(), jwt.getClaim(VERSION).asInt()));
    }

    private static Optional<DecodedJWT> verified(JWTVerifier verifier, String token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A verified access token: its user, the token version it was issued at, its expiry. */
    public record Access(UUID userId, int version, Instant expiresAt) {

        /** As the verifier decides it: a token is valid up to and including its expiry second. */
        boolean validAt(Instant now) {
            return !now.isAfter(expiresAt);
        }
    }

    /** A verified password-reset token: the email it resets and the token version it was issued at. */
    public record Reset(String email, int version) {
    }
}
