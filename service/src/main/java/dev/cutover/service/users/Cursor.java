package dev.cutover.service.users;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** A keyset position in the newest-first user list: the (created_at, id) of the last user on the previous page. */
public record Cursor(OffsetDateTime createdAt, UUID id) {

    public static Cursor after(User user) {
        return new Cursor(user.createdAt, user.id);
    }

    /** The opaque form clients pass back in {@code ?after=}. */
    public String encode() {
        Instant at = createdAt.toInstant();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        String plain = micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses an opaque cursor; empty when it is not one this service made. */
    public static Optional<Cursor> decode(String encoded) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            long micros = Long.parseLong(plain.substring(0, colon));
            UUID id = UUID.fromString(plain.substring(colon + 1));
            Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return Optional.of(new Cursor(at.atOffset(ZoneOffset.UTC), id));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
