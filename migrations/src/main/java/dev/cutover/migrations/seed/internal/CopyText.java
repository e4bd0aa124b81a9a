package dev.cutover.migrations.seed.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Rows in COPY's text format, written straight into UTF-8 bytes: no intermediate strings per field, so generating
 * millions of rows costs little next to what PostgreSQL does with them. Reused across batches with {@link #clear()}.
 */
public final class CopyText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private byte[] bytes;
    private int size;
    // created_at ascends with the row number, so consecutive rows mostly share their date.
    private long cachedDay = Long.MIN_VALUE;
    private byte[] cachedDate;

    public CopyText(int capacity) {
        this.bytes = new byte[Math.max(capacity, 64)];
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
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
            ensure(value.length() * 3 + 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    escaped(c);
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xC0 | c >> 6);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    // Rare: let the JDK pair the surrogates (a lone one becomes '?', as String.getBytes does).
                    int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                    byte[] encoded = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
                    ensure(encoded.length + (value.length() - end) * 3 + 1);
                    System.arraycopy(encoded, 0, bytes, size, encoded.length);
                    size += encoded.length;
                    i = end - 1;
                } else {
                    bytes[size++] = (byte) (0xE0 | c >> 12);
                    bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                }
            }
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

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
