package dev.cutover.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
        String token = tokens.accessToken(user);
        assertThat(tokens.verifyAccessToken(token)).contains(user);

        clock.now = clock.now.plus(LIFETIME);
        assertThat(tokens.verifyAccessToken(token)).contains(user);
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.verifyAccessToken(token)).isEmpty();
        assertThat(tokens.verifyAccessToken(token)).as("refused again, from the cache or not").isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedThoughNeverSeenBefore() {
        String token = tokens.accessToken(UUID.randomUUID());
        clock.now = clock.now.plus(LIFETIME).plusSeconds(1);
        assertThat(tokens.verifyAccessToken(token)).isEmpty();
    }

    @Test
    void aTokenOfAnotherSecretIsRefusedWhileOneOfOursIsRemembered() {
        UUID user = UUID.randomUUID();
        String ours = tokens.accessToken(user);
        assertThat(tokens.verifyAccessToken(ours)).contains(user);
        String theirs = new Tokens("another-secret", LIFETIME, Duration.ofHours(48), clock).accessToken(user);
        assertThat(tokens.verifyAccessToken(theirs)).isEmpty();
        assertThat(tokens.verifyAccessToken(ours + "x")).isEmpty();
    }

    @Test
    void aPasswordResetTokenIsNoAccessTokenAndTheOtherWayRound() {
        String reset = tokens.passwordResetToken("someone@example.com");
        assertThat(tokens.verifyAccessToken(reset)).isEmpty();
        assertThat(tokens.verifyPasswordResetToken(reset)).contains("someone@example.com");
        String access = tokens.accessToken(UUID.randomUUID());
        assertThat(tokens.verifyAccessToken(access)).isPresent();
        assertThat(tokens.verifyPasswordResetToken(access)).isEmpty();
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
