package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.switchboard.config.AuthSettings;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Checks handshake JWTs with Nimbus JOSE+JWT: the signature (HS256 with the configured secret; RS256 or ES256
 * with a key of the identity provider's JWKS, from a file or a URL), a subject, an expiry in the future (60 s
 * clock skew), and the issuer and audience when configured. A token signed with an algorithm that is not
 * configured is refused. Signature and claim checks are the library's; nothing here parses tokens by hand,
 * and no token is ever logged.
 *
 * <p>A JWKS URL is fetched on first use and cached ({@code switchboard.auth.jwksCacheSeconds}); a token with a
 * {@code kid} the cached set lacks makes Nimbus fetch it again, at most twice per
 * {@code switchboard.auth.jwksMinRefetchSeconds}, so a key rotation at the provider is picked up at once and
 * a stream of made-up {@code kid}s cannot turn into a stream of requests.
 */
public final class TokenVerifier {
    /** The asymmetric algorithms identity providers sign with and a JWKS serves keys for. */
    static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int JWKS_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 512 * 1024;

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** @throws IllegalArgumentException when the JWKS file cannot be read or is not a JWKS */
    public TokenVerifier(AuthSettings auth) {
        JWSKeySelector<SecurityContext> hs256 = auth.jwtSecret() == null ? null
                : new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(auth.secretBytes()));
        JWKSource<SecurityContext> jwks = jwks(auth);
        JWSKeySelector<SecurityContext> asymmetric = jwks == null ? null
                : new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, jwks);
        processor.setJWSKeySelector((header, context) -> {
            JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hs256
                    : asymmetric;
            return selector == null ? List.<Key>of() : selector.selectJWSKeys(header, context);
        });
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (auth.issuer() != null) {
            exact.issuer(auth.issuer());
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(auth.audience(), exact.build(),
                Set.of("sub", "exp")));
    }

    private static JWKSource<SecurityContext> jwks(AuthSettings auth) {
        if (auth.jwksFile() != null) {
            try {
                return new ImmutableJWKSet<>(JWKSet.load(new File(auth.jwksFile())));
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException("cannot read the JWKS file " + auth.jwksFile() + ": " + e.getMessage(), e);
            }
        }
        if (auth.jwksUrl() != null) {
            try {
                return JWKSourceBuilder.<SecurityContext>create(URI.create(auth.jwksUrl()).toURL(),
                                new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
                        .cache(auth.jwksCacheTime().toMillis(), JWKS_TIMEOUT_MILLIS)
                        .rateLimited(auth.jwksMinRefetch().toMillis())
                        .retrying(false)
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad JWKS URL " + auth.jwksUrl(), e);
            }
        }
        return null;
    }

    /** The token's subject if the token is valid. */
    public String subject(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("a token is required");
        }
        try {
            return processor.process(token, null).getSubject();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("invalid token: " + e.getMessage());
        }
    }
}
