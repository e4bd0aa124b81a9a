package dev.cutover.migrations.seed.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer of COPY data, what {@link CopyText} and {@link CopyBinary} share: written in place, sent
 * with {@link #bytes()} and {@link #size()}, reused across batches with {@link #clear()}.
 */
abstract class CopyBuffer {

    protected byte[] bytes;
    protected int size;

    CopyBuffer(int capacity) {
        this.bytes = new byte[Math.max(capacity, 64)];
    }

    public final byte[] bytes() {
        return bytes;
    }

    public final int size() {
        return size;
    }

    public final void clear() {
        size = 0;
    }

    /**
     * Appends {@code value} as UTF-8, each ASCII character through {@code ascii} (which may escape it); room for
     * three bytes per character must have been made.
     */
    protected final void utf8(String value, AsciiWriter ascii) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                ascii.write(c);
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // Rare: let the JDK pair the surrogates (a lone one becomes '?', as String.getBytes does).
                int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                byte[] encoded = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
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

    /** Writes one ASCII character. */
    @FunctionalInterface
    protected interface AsciiWriter {
        void write(char c);
    }

    protected final void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
