package dev.cutover.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Tokens tokens = new Tokens("test-secret", LIFETIME, Duration.ofHours(48), clock);

    @Test
    void aRememberedTokenIsValidUpToItsExpirySecondAndRefusedAfter() {
        UUID user = UUID.randomUUID();
        String token = tokens.accessToken(user, 3);
        assertThat(tokens.verifyAccessToken(token)).map(Tokens.Access::userId).contains(user);
        assertThat(tokens.verifyAccessToken(token)).map(Tokens.Access::version).contains(3);

        clock.now = clock.now.plus(LIFETIME);
        assertThat(tokens.verifyAccessToken(token)).map(Tokens.Access::userId).contains(user);
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.verifyAccessToken(token)).isEmpty();
        assertThat(tokens.verifyAccessToken(token)).as("refused again, from the cache or not").isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedThoughNeverSeenBefore() {
        String token = tokens.accessToken(UUID.randomUUID(), 0);
        clock.now = clock.now.plus(LIFETIME).plusSeconds(1);
        assertThat(tokens.verifyAccessToken(token)).isEmpty();
    }

    @Test
    void aTokenOfAnotherSecretIsRefusedWhileOneOfOursIsRemembered() {
        UUID user = UUID.randomUUID();
        String ours = tokens.accessToken(user, 0);
        assertThat(tokens.verifyAccessToken(ours)).map(Tokens.Access::userId).contains(user);
        String theirs = new Tokens("another-secret", LIFETIME, Duration.ofHours(48), clock).accessToken(user, 0);
        assertThat(tokens.verifyAccessToken(theirs)).isEmpty();
        assertThat(tokens.verifyAccessToken(ours + "x")).isEmpty();
    }

    @Test
    void aPasswordResetTokenIsNoAccessTokenAndTheOtherWayRound() {
        String reset = tokens.passwordResetToken("someone@example.com", 2);
        assertThat(tokens.verifyAccessToken(reset)).isEmpty();
        assertThat(tokens.verifyPasswordResetToken(reset)).contains(new Tokens.Reset("someone@example.com", 2));
        String access = tokens.accessToken(UUID.randomUUID(), 0);
        assertThat(tokens.verifyAccessToken(access)).isPresent();
        assertThat(tokens.verifyPasswordResetToken(access)).isEmpty();
    }

    /** The purpose is a claim: a reset-shaped token marked access, or one with no purpose, is not a reset token. */
    @Test
    void thePurposeClaimDecidesNotTheShapeOfSub() {
        Algorithm key = Algorithm.HMAC256("test-secret");
        Instant exp = clock.now.plus(LIFETIME);
        String emailAsAccess = JWT.create().withSubject("someone@example.com").withClaim("purpose", "access")
                .withClaim("ver", 0).withExpiresAt(exp).sign(key);
        assertThat(tokens.verifyPasswordResetToken(emailAsAccess)).isEmpty();
        String noPurpose = JWT.create().withSubject(UUID.randomUUID().toString()).withClaim("ver", 0)
                .withExpiresAt(exp).sign(key);
        assertThat(tokens.verifyAccessToken(noPurpose)).as("the template's own tokens carry no purpose").isEmpty();
        String noVersion = JWT.create().withSubject(UUID.randomUUID().toString()).withClaim("purpose", "access")
                .withExpiresAt(exp).sign(key);
        assertThat(tokens.verifyAccessToken(noVersion)).isEmpty();
    }

    @Test
    void aTokenWithoutExpIsRefused() {
        Algorithm key = Algorithm.HMAC256("test-secret");
        String forever = JWT.create().withSubject(UUID.randomUUID().toString()).withClaim("purpose", "access")
                .withClaim("ver", 0).sign(key);
        assertThat(tokens.verifyAccessToken(forever)).isEmpty();
        String foreverReset = JWT.create().withSubject("someone@example.com").withClaim("purpose", "reset")
                .withClaim("ver", 0).sign(key);
        assertThat(tokens.verifyPasswordResetToken(foreverReset)).isEmpty();
    }

    /** The tokens' clock, moved by the tests. */
    private static final class SettableClock extends Clock {

        Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
