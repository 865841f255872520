package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.switchboard.config.AuthSettings;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks handshake JWTs with Nimbus JOSE+JWT: HS256 signature with the configured secret, a subject, an
 * expiry in the future (60 s clock skew), and the issuer and audience when configured. Signature and claim
 * checks are the library's; nothing here parses tokens by hand, and no token is ever logged.
 */
public final class TokenVerifier {
    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(AuthSettings auth) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(auth.secretBytes())));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (auth.issuer() != null) {
            exact.issuer(auth.issuer());
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(auth.audience(), exact.build(),
                Set.of("sub", "exp")));
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
