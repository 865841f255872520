package io.switchboard.endpoint;

import java.nio.ByteBuffer;

/**
 * Joins the parts the container delivers into whole messages and enforces {@code switchboard.maxMessageBytes}.
 * Receiving in parts keeps the container's per-session buffers small (Tomcat allocates them up front) while
 * the application still accepts messages up to its own, configurable limit.
 */
final class PartialMessages {
    private final int maxBytes;
    private StringBuilder text;
    private long textBytes;
    private ByteBuffer binary;
    private boolean tooBig;

    PartialMessages(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** True once a message exceeded the limit; every later part is ignored (the session is closing). */
    boolean tooBig() {
        return tooBig;
    }

    /** The whole text message when {@code last}, otherwise (or when over the limit) null. */
    String text(String part, boolean last) {
        if (tooBig) {
            return null;
        }
        textBytes += utf8Length(part);
        if (textBytes > maxBytes) {
            tooBig = true;
            text = null;
            return null;
        }
        if (last && text == null) {
            textBytes = 0;
            return part;
        }
        if (text == null) {
            text = new StringBuilder(part.length() * 2);
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        text = null;
        textBytes = 0;
        return whole;
    }

    /** The whole binary message (a private copy) when {@code last}, otherwise (or when over the limit) null. */
    ByteBuffer binary(ByteBuffer part, boolean last) {
        if (tooBig) {
            return null;
        }
        int have = binary == null ? 0 : binary.position();
        if ((long) have + part.remaining() > maxBytes) {
            tooBig = true;
            binary = null;
            return null;
        }
        if (binary == null || binary.remaining() < part.remaining()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(have + part.remaining(), Math.min(maxBytes, have * 2)));
            if (binary != null) {
                binary.flip();
                grown.put(binary);
            }
            binary = grown;
        }
        binary.put(part);
        if (!last) {
            return null;
        }
        ByteBuffer whole = binary.flip();
        binary = null;
        return whole;
    }

    /** Bytes {@code s} takes in UTF-8 (an unpaired surrogate counts 3, as the container would have rejected it). */
    static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
