package dev.cutover.service.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
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
 */
@ApplicationScoped
public class Tokens {

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration accessLifetime;
    private final Duration resetLifetime;
    private final Clock clock;

    @Inject
    public Tokens(CutoverConfig config) {
        this(config.secretKey(), Duration.ofMinutes(config.accessTokenExpireMinutes()),
                Duration.ofHours(config.emailResetTokenExpireHours()), Clock.systemUTC());
    }

    Tokens(String secret, Duration accessLifetime, Duration resetLifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).build();
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
        return subject(token).flatMap(sub -> {
            try {
                return Optional.of(UUID.fromString(sub));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    public String passwordResetToken(String email) {
        Instant now = clock.instant();
        return JWT.create().withSubject(email).withNotBefore(now).withExpiresAt(now.plus(resetLifetime)).sign(algorithm);
    }

    /** The email of a valid, unexpired password-reset token. */
    public Optional<String> verifyPasswordResetToken(String token) {
        return subject(token).filter(sub -> sub.contains("@"));
    }

    private Optional<String> subject(String token) {
        try {
            DecodedJWT jwt = verifier.verify(token);
            return Optional.ofNullable(jwt.getSubject());
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
