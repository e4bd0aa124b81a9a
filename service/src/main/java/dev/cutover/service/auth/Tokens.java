package dev.cutover.service.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cutover.service.config.CutoverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The template's two HS256 tokens: access tokens ({@code sub} = user id, {@code exp}) and password-reset tokens
 * ({@code sub} = email, {@code nbf}, {@code exp}).
 *
 * <p>Access tokens that verified once are remembered by their exact text until they expire, so a client sending the
 * same token on every request pays the HMAC and the JSON parsing once. Only the token's own facts are remembered
 * (its user id and expiry): whether that user still exists, is active or is a superuser is read from the database on
 * every request, as the template does.
 */
@ApplicationScoped
public class Tokens {

    /** Tokens remembered at most: a few MB, far more than the distinct tokens a pod sees in one token lifetime. */
    static final int VERIFIED_TOKENS = 10_000;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration accessLifetime;
    private final Duration resetLifetime;
    private final Clock clock;
    private final Cache<String, VerifiedAccess> verifiedAccess =
            Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS).build();

    @Inject
    public Tokens(CutoverConfig config) {
        this(config.secretKey(), Duration.ofMinutes(config.accessTokenExpireMinutes()),
                Duration.ofHours(config.emailResetTokenExpireHours()), Clock.systemUTC());
    }

    Tokens(String secret, Duration accessLifetime, Duration resetLifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)).build(clock);
        this.accessLifetime = accessLifetime;
        this.resetLifetime = resetLifetime;
        this.clock = clock;
    }

    public String accessToken(UUID userId) {
        return JWT.create().withSubject(userId.toString())
                .withExpiresAt(clock.instant().plus(accessLifetime)).sign(algorithm);
    }

    /** The user id of a valid, unexpired access token. */
    public Optional<UUID> verifyAccessToken(String token) {
        VerifiedAccess known = verifiedAccess.getIfPresent(token);
        if (known != null) {
            if (known.validAt(clock.instant())) {
                return Optional.of(known.userId());
            }
            verifiedAccess.invalidate(token);
            return Optional.empty();
        }
        Optional<DecodedJWT> jwt = verified(token);
        if (jwt.isEmpty() || jwt.get().getSubject() == null) {
            return Optional.empty();
        }
        UUID userId;
        try {
            userId = UUID.fromString(jwt.get().getSubject());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // nbf and iat, once in the past, stay there: from now on only the expiry can make this token invalid.
        verifiedAccess.put(token, new VerifiedAccess(userId, jwt.get().getExpiresAtAsInstant()));
        return Optional.of(userId);
    }

    public String passwordResetToken(String email) {
        Instant now = clock.instant();
        return JWT.create().withSubject(email).withNotBefore(now).withExpiresAt(now.plus(resetLifetime)).sign(algorithm);
    }

    /** The email of a valid, unexpired password-reset token. */
    public Optional<String> verifyPasswordResetToken(String token) {
        return verified(token).map(DecodedJWT::getSubject).filter(sub -> sub.contains("@"));
    }

    private Optional<DecodedJWT> verified(String token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a verified access token says; {@code expiresAt} null: a token without {@code exp} never expires. */
    private record VerifiedAccess(UUID userId, Instant expiresAt) {

        /** As the verifier decides it: a token is valid up to and including its expiry second. */
        boolean validAt(Instant now) {
            return expiresAt == null || !now.isAfter(expiresAt);
        }
    }
}
