package io.switchboard.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs HS256 test tokens the way an identity provider would. */
public final class Tokens {
    public static final String SECRET = "switchboard-test-secret-of-at-least-32-bytes!";
    public static final String OTHER_SECRET = "another-secret-that-is-also-32-bytes-long!!";

    private Tokens() {
    }

    /** A token for {@code subject}, valid for {@code validFor} from now (negative: already expired). */
    public static String token(String secret, String subject, Duration validFor, String issuer, String audience) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(validFor)));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static String valid(String subject) {
        return token(SECRET, subject, Duration.ofMinutes(5), "switchboard-tests", "switchboard");
    }
}
