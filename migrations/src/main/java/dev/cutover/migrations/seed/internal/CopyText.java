package dev.cutover.migrations.seed.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Rows in COPY's text format, written straight into UTF-8 bytes: no intermediate strings per field, so generating
 * millions of rows costs little next to what PostgreSQL does with them. Reused across batches with {@link #clear()}.
 */
public final class CopyText extends CopyBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    // created_at ascends with the row number, so consecutive rows mostly share their date.
    private long cachedDay = Long.MIN_VALUE;
    private byte[] cachedDate;

    private final AsciiWriter escaping = this::escaped;

    public CopyText(int capacity) {
        super(capacity);
    }

    /** A uuid in its canonical form, then {@code separator}. */
    public CopyText uuid(UUID value, char separator) {
        ensure(37);
        hex(value.getMostSignificantBits() >>> 32, 8);
        bytes[size++] = '-';
        hex(value.getMostSignificantBits() >>> 16, 4);
        bytes[size++] = '-';
        hex(value.getMostSignificantBits(), 4);
        bytes[size++] = '-';
        hex(value.getLeastSignificantBits() >>> 48, 4);
        bytes[size++] = '-';
        hex(value.getLeastSignificantBits(), 12);
        bytes[size++] = (byte) separator;
        return this;
    }

    /** Text, escaped as COPY's text format needs, or {@code \N} for null; then {@code separator}. */
    public CopyText text(String value, char separator) {
        if (value == null) {
            ensure(3);
            bytes[size++] = '\\';
            bytes[size++] = 'N';
        } else {
            // Escapes take two bytes, a character at most three (a surrogate pair four for two).
            ensure(value.length() * 3 + 1);
            utf8(value, escaping);
        }
        bytes[size++] = (byte) separator;
        return this;
    }

    /** A boolean as {@code t} or {@code f}, then {@code separator}. */
    public CopyText bool(boolean value, char separator) {
        ensure(2);
        bytes[size++] = (byte) (value ? 't' : 'f');
        bytes[size++] = (byte) separator;
        return this;
    }

    /** An instant as a UTC timestamptz to the millisecond ({@code 2022-01-01 00:00:30.123+00}), then {@code separator}. */
    public CopyText timestamp(Instant value, char separator) {
        if (value.getNano() % 1_000_000 != 0) {
            return text(value.toString(), separator);
        }
        long millis = value.toEpochMilli();
        long day = Math.floorDiv(millis, MILLIS_PER_DAY);
        if (day != cachedDay) {
            cachedDate = LocalDate.ofEpochDay(day).toString().getBytes(StandardCharsets.US_ASCII);
            cachedDay = day;
        }
        int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        ensure(cachedDate.length + 17);
        System.arraycopy(cachedDate, 0, bytes, size, cachedDate.length);
        size += cachedDate.length;
        bytes[size++] = ' ';
        digits(ofDay / 3_600_000, 2);
        bytes[size++] = ':';
        digits(ofDay / 60_000 % 60, 2);
        bytes[size++] = ':';
        digits(ofDay / 1000 % 60, 2);
        bytes[size++] = '.';
        digits(ofDay % 1000, 3);
        bytes[size++] = '+';
        bytes[size++] = '0';
        bytes[size++] = '0';
        bytes[size++] = (byte) separator;
        return this;
    }

    private void escaped(char c) {
        switch (c) {
            case '\\' -> {
                bytes[size++] = '\\';
                bytes[size++] = '\\';
            }
            case '\t' -> {
                bytes[size++] = '\\';
                bytes[size++] = 't';
            }
            case '\n' -> {
                bytes[size++] = '\\';
                bytes[size++] = 'n';
            }
            case '\r' -> {
                bytes[size++] = '\\';
                bytes[size++] = 'r';
            }
            default -> bytes[size++] = (byte) c;
        }
    }

    private void hex(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[size + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        size += count;
    }

    private void digits(int value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += count;
    }
}
