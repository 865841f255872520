package io.switchboard.config;

import java.nio.charset.StandardCharsets;

/**
 * Handshake authentication settings: on when a JWT secret is set. {@link #toString()} never shows the secret,
 * so the settings can be logged.
 *
 * @param jwtSecret HS256 shared secret (at least 32 bytes), or null when authentication is off
 * @param issuer    required {@code iss} claim, or null
 * @param audience  required {@code aud} claim, or null
 */
public record AuthSettings(String jwtSecret, String issuer, String audience) {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final AuthSettings OFF = new AuthSettings(null, null, null);

    public boolean enabled() {
        return jwtSecret != null;
    }

    public byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled() + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
