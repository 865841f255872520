package io.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Handshake authentication settings: on when a JWT secret (HS256) or a JWKS (RS256, ES256: a file or a URL) is
 * set; both may be set at once. {@link #toString()} never shows the secret, so the settings can be logged.
 *
 * @param jwtSecret        HS256 shared secret (at least 32 bytes), or null
 * @param issuer           required {@code iss} claim, or null
 * @param audience         required {@code aud} claim, or null
 * @param jwksFile         path of a JWKS file with the identity provider's public keys, or null
 * @param jwksUrl          URL of the identity provider's JWKS (fetched, cached, refetched on an unknown {@code kid}), or null
 * @param jwksCacheTime    how long a fetched JWKS is used before it is fetched again
 * @param jwksMinRefetch   the shortest time between two refetches (an unknown {@code kid} forces one at most this often)
 */
public record AuthSettings(String jwtSecret, String issuer, String audience, String jwksFile, String jwksUrl,
        Duration jwksCacheTime, Duration jwksMinRefetch) {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final Duration DEFAULT_JWKS_CACHE_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_MIN_REFETCH = Duration.ofSeconds(30);
    public static final AuthSettings OFF = new AuthSettings(null, null, null);

    /** HS256 only, as before JWKS support. */
    public AuthSettings(String jwtSecret, String issuer, String audience) {
        this(jwtSecret, issuer, audience, null, null, DEFAULT_JWKS_CACHE_TIME, DEFAULT_JWKS_MIN_REFETCH);
    }

    public boolean enabled() {
        return jwtSecret != null || jwksFile != null || jwksUrl != null;
    }

    public byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AuthSettings[enabled=" + enabled() + ", hs256=" + (jwtSecret != null) + ", jwksFile=" + jwksFile
                + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
