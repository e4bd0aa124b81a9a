package dev.cutover.migrations.seed.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * Rows in COPY's binary format ({@code COPY ... WITH (FORMAT binary)}): each field as its length and the bytes of the
 * type's binary representation. PostgreSQL then parses nothing: uuid and timestamptz text input was half of what the
 * server spent on a text COPY. Text is sent as UTF-8, the client encoding the JDBC driver sets. Reused across
 * batches with {@link #clear()}.
 */
public final class CopyBinary extends CopyBuffer {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** timestamptz counts microseconds from 2000-01-01 00:00:00 UTC. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final AsciiWriter plain = c -> bytes[size++] = (byte) c;

    public CopyBinary(int capacity) {
        super(capacity);
    }

    /** The header that starts the stream: signature, no flags, no extension. */
    public CopyBinary header() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, bytes, size, SIGNATURE.length);
        size += SIGNATURE.length;
        int32(0);
        int32(0);
        return this;
    }

    /** The trailer that ends the stream. */
    public CopyBinary trailer() {
        ensure(2);
        int16(-1);
        return this;
    }

    /** Starts a row of {@code fields} fields. */
    public CopyBinary row(int fields) {
        ensure(2);
        int16(fields);
        return this;
    }

    public CopyBinary uuid(UUID value) {
        ensure(20);
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
        return this;
    }

    /** Text as UTF-8, or NULL. */
    public CopyBinary text(String value) {
        if (value == null) {
            return nullField();
        }
        ensure(4 + value.length() * 3);
        int lengthAt = size;
        size += 4;
        utf8(value, plain);
        int length = size - lengthAt - 4;
        int end = size;
        size = lengthAt;
        int32(length);
        size = end;
        return this;
    }

    public CopyBinary bool(boolean value) {
        ensure(5);
        int32(1);
        bytes[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A timestamptz, or NULL; to the microsecond (finer digits are truncated; seeded instants are whole milliseconds). */
    public CopyBinary timestamp(Instant value) {
        if (value == null) {
            return nullField();
        }
        ensure(12);
        int32(8);
        int64(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L) + value.getNano() / 1000);
        return this;
    }

    /** A NULL: length -1, no bytes. */
    private CopyBinary nullField() {
        ensure(4);
        int32(-1);
        return this;
    }

    private void int16(int value) {
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void int32(int value) {
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }
}
