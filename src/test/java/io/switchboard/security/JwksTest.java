package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed by an identity provider's keys (RS256, ES256), published as a JWKS in a file or at a URL; the URL
 * served by a local HTTP server on 127.0.0.1, whose keys the test rotates.
 */
class JwksTest {
    private static final String ISSUER = "https://idp.example.test";
    private static final String AUDIENCE = "switchboard";

    private static RSAKey rsa(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private static ECKey ec(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static String token(JWK key, String subject) throws JOSEException {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String publicJwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    private static int handshake(EmbeddedTomcat tomcat, String token) {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "echo?access_token=" + token, Map.of(), 0)) {
            return raw.status();
        }
    }

    private static String relayUser(EmbeddedTomcat tomcat, String token) {
        try (WsClient client = WsClient.connect(tomcat.ws("/relay?access_token=" + token))) {
            return client.next("welcome").getString("user");
        }
    }

    @Test
    void rs256AndEs256TokensAreVerifiedWithAJwksFile() throws Exception {
        RSAKey rsa = rsa("rsa-1");
        ECKey ec = ec("ec-1");
        RSAKey stranger = rsa("rsa-1"); // same kid, other key: a forgery
        Path file = Files.createTempFile(Path.of("target"), "jwks", ".json");
        Files.writeString(file, publicJwks(rsa, ec));
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.auth.jwksFile", file.toString(),
                "switchboard.auth.issuer", ISSUER, "switchboard.auth.audience", AUDIENCE))) {
            assertEquals("amy", relayUser(tomcat, token(rsa, "amy")));
            assertEquals("bob", relayUser(tomcat, token(ec, "bob")));
            assertEquals(401, handshake(tomcat, token(stranger, "eve")));
            assertEquals(401, handshake(tomcat, token(ec("ec-unknown"), "eve")));
            assertEquals(401, handshake(tomcat, Tokens.valid("eve")), "no HS256 secret configured: HS256 refused");
            assertEquals(401, handshake(tomcat, ""));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void hs256StillWorksBesideAJwks() throws Exception {
        RSAKey rsa = rsa("rsa-1");
        Path file = Files.createTempFile(Path.of("target"), "jwks", ".json");
        Files.writeString(file, publicJwks(rsa));
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.auth.jwksFile", file.toString(),
                "switchboard.auth.jwtSecret", Tokens.SECRET))) {
            assertEquals("amy", relayUser(tomcat, Tokens.valid("amy")));
            assertEquals("bob", relayUser(tomcat, token(rsa, "bob")));
            assertEquals(401, handshake(tomcat, Tokens.token(Tokens.OTHER_SECRET, "eve", java.time.Duration.ofMinutes(5), null, null)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aJwksUrlIsFetchedCachedAndRefetchedWhenTheProviderRotatesItsKeys() throws Exception {
        RSAKey oldRsa = rsa("2024-rsa");
        ECKey oldEc = ec("2024-ec");
        RSAKey newRsa = rsa("2025-rsa");
        AtomicReference<String> published = new AtomicReference<>(publicJwks(oldRsa, oldEc));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        String url = "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json";
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.auth.jwksUrl", url,
                "switchboard.auth.issuer", ISSUER, "switchboard.auth.audience", AUDIENCE,
                "switchboard.auth.jwksMinRefetchSeconds", "1"))) {
            assertEquals("amy", relayUser(tomcat, token(oldRsa, "amy")));
            assertEquals("bob", relayUser(tomcat, token(oldEc, "bob")));
            assertEquals("cat", relayUser(tomcat, token(oldRsa, "cat")));
            assertEquals(1, fetches.get(), "fetched once, then cached");

            // The provider rotates: the new key appears, the old RSA key is removed.
            published.set(publicJwks(newRsa, oldEc));
            Thread.sleep(1100); // past the minimum refetch interval of the first fetch
            assertEquals("dan", relayUser(tomcat, token(newRsa, "dan")), "an unknown kid makes it refetch");
            assertEquals(2, fetches.get());
            Thread.sleep(1100);
            assertEquals(401, handshake(tomcat, token(oldRsa, "amy")), "the removed key is refused");
            assertEquals("bob", relayUser(tomcat, token(oldEc, "bob")), "the key kept is still accepted");

            // A flood of made-up kids does not become a flood of requests: at most two per minimum interval.
            RSAKey forger = rsa("forger");
            List<String> forged = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                forged.add(token(new RSAKey.Builder(forger).keyID("made-up-" + i).build(), "eve"));
            }
            int before = fetches.get();
            long start = System.nanoTime();
            for (String token : forged) {
                assertEquals(401, handshake(tomcat, token));
            }
            long windows = (System.nanoTime() - start) / 1_000_000_000L + 1;
            int refetches = fetches.get() - before;
            assertEquals(true, refetches <= 2 * windows, refetches + " refetches in " + windows + " s");
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void anUnreadableJwksFileFailsTheDeployment() throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "jwks", ".json");
        Files.writeString(file, "not a jwks");
        try {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> EmbeddedTomcat.start(Map.of("switchboard.auth.jwksFile", file.toString())).close());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
