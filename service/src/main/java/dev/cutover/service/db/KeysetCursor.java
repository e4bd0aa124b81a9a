package dev.cutover.service.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A keyset position in a newest-first list of users or items: the (created_at, id) of the last row on the previous
 * page. A null {@code createdAt} is a row without one (items adopted from the template), which sorts first.
 */
public record KeysetCursor(OffsetDateTime createdAt, UUID id) {

    /** The opaque form clients pass back in {@code ?after=}. */
    public String encode() {
        String at = createdAt == null ? "" : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant()));
        String plain = at + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses an opaque cursor; empty when it is not one this service made. */
    public static Optional<KeysetCursor> decode(String encoded) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            UUID id = UUID.fromString(plain.substring(colon + 1));
            if (colon == 0) {
                return Optional.of(new KeysetCursor(null, id));
            }
            long micros = Long.parseLong(plain.substring(0, colon));
            Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return Optional.of(new KeysetCursor(at.atOffset(ZoneOffset.UTC), id));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
