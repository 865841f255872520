package io.switchboard.bench;

import java.nio.charset.StandardCharsets;

/**
 * A received text message as bytes, valid only during the {@link Conn.Receiver} call (the generator's
 * read buffer is reused). The scenarios parse the ASCII fields they need straight from the bytes.
 */
final class Msg {
    byte[] bytes;
    int offset;
    int length;

    Msg set(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    static byte[] pattern(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Index (relative to the message) of {@code pattern}, or -1. */
    int indexOf(byte[] pattern) {
        return indexOf(pattern, 0);
    }

    int indexOf(byte[] pattern, int from) {
        int end = offset + length - pattern.length;
        byte first = pattern[0];
        outer:
        for (int i = offset + from; i <= end; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int k = 1; k < pattern.length; k++) {
                if (bytes[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i - offset;
        }
        return -1;
    }

    boolean contains(byte[] pattern) {
        return indexOf(pattern) >= 0;
    }

    int indexOf(char c, int from) {
        for (int i = offset + from; i < offset + length; i++) {
            if (bytes[i] == c) {
                return i - offset;
            }
        }
        return -1;
    }

    /** The decimal number starting at {@code from}, up to the first non-digit. */
    long parseLong(int from) {
        long v = 0;
        for (int i = offset + from; i < offset + length; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
        }
        return v;
    }

    String ascii(int from, int to) {
        return new String(bytes, offset + from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
