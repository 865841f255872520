package io.switchboard.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A configured bearer token and the check of a request's {@code Authorization: Bearer <token>} against it, in
 * constant time: both sides are hashed (SHA-256) and the digests compared with {@link MessageDigest#isEqual},
 * so neither the content nor the length of the token leaks through timing. The token is never logged.
 */
final class BearerToken {
    private static final String SCHEME = "bearer ";
    private final byte[] expectedDigest;

    /** {@code token} null: no token required. */
    BearerToken(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** Whether the request carries the token (always true when none is required). */
    boolean admits(HttpServletRequest request) {
        if (expectedDigest == null) {
            return true;
        }
        String header = request.getHeader("Authorization");
        String presented = header != null && header.length() > SCHEME.length()
                && header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)
                ? header.substring(SCHEME.length()).trim() : "";
        // Compared even when absent, so a missing header takes as long as a wrong one.
        return MessageDigest.isEqual(expectedDigest, sha256(presented)) && !presented.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
