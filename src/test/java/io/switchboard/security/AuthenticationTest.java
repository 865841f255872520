package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.Tokens;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code switchboard.auth.jwtSecret} set, on a real Tomcat: who gets in, and who they are once in. */
class AuthenticationTest {
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start(Map.of(
                "switchboard.auth.jwtSecret", Tokens.SECRET,
                "switchboard.auth.issuer", "switchboard-tests",
                "switchboard.auth.audience", "switchboard"));
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static int handshake(String path, Map<String, String> headers) {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, path, headers, 0)) {
            return raw.status();
        }
    }

    @Test
    void everyBadTokenIsRefusedWith401AndNoSessionOpens() {
        List<String> bad = List.of(
                "",
                "not-a-jwt",
                "a.b.c",
                Tokens.token(Tokens.SECRET, "amy", Duration.ofMinutes(-5), "switchboard-tests", "switchboard"),
                Tokens.token(Tokens.OTHER_SECRET, "amy", Duration.ofMinutes(5), "switchboard-tests", "switchboard"),
                Tokens.token(Tokens.SECRET, "amy", Duration.ofMinutes(5), "someone-else", "switchboard"),
                Tokens.token(Tokens.SECRET, "amy", Duration.ofMinutes(5), "switchboard-tests", "another-audience"));
        assertEquals(401, handshake("echo", Map.of()), "no token at all");
        for (String token : bad) {
            assertEquals(401, handshake("echo?access_token=" + token, Map.of()), token);
            assertEquals(401, handshake("relay", Map.of("Sec-WebSocket-Protocol", "bearer, " + (token.isEmpty() ? "x" : token))), token);
        }
        assertEquals(0, tomcat.app().peers().counters().open(io.switchboard.hub.EndpointKind.ECHO));
    }

    @Test
    void aValidTokenInTheQueryOpensTheSession() {
        try (WsClient client = WsClient.connect(tomcat.ws("echo?access_token=" + Tokens.valid("amy")))) {
            client.send("hello");
            assertEquals("hello", client.nextText());
        }
    }

    @Test
    void theBearerSubprotocolIsAnsweredWithBearer() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "relay",
                Map.of("Sec-WebSocket-Protocol", "bearer, " + Tokens.valid("bob")), 0)) {
            assertEquals(101, raw.status());
            assertEquals("bearer", raw.responseHeader("Sec-WebSocket-Protocol"));
            JsonObject welcome = WsClient.parse(raw.read(Duration.ofSeconds(5)).text());
            assertEquals("bob", welcome.getString("user"));
        }
    }

    @Test
    void chatUsernameIsTheTokenSubjectWhateverTheClientSends() {
        try (WsClient amy = WsClient.connect(tomcat.ws("broadcast/auth?access_token=" + Tokens.valid("amy")))) {
            amy.next("welcome");
            amy.send("{\"username\":\"admin\",\"text\":\"trust me\"}");
            assertEquals("amy", amy.next("chat").getString("username"));
            amy.send("{\"text\":\"no username needed\"}");
            assertEquals("amy", amy.next("chat").getString("username"));
        }
    }

    @Test
    void relayMessagesCarryTheUserBesideTheId() {
        try (WsClient amy = WsClient.connect(tomcat.ws("relay?access_token=" + Tokens.valid("amy")))) {
            JsonObject amyWelcome = amy.next("welcome");
            assertEquals("amy", amyWelcome.getString("user"));
            WsClient bob = WsClient.connect(tomcat.ws("relay?access_token=" + Tokens.valid("bob")));
            String bobId = bob.next("welcome").getString("id");
            JsonObject joined = amy.next("joined");
            assertEquals(bobId, joined.getString("id"));
            assertEquals("bob", joined.getString("user"));
            bob.send(amyWelcome.getString("id") + ":hi amy");
            JsonObject message = amy.next("message");
            assertEquals(bobId, message.getString("from"));
            assertEquals("bob", message.getString("user"));
            bob.close();
            assertEquals("bob", amy.next("left").getString("user"));
        }
    }

    @Test
    void statusTellsThePageThatAuthIsOn() {
        String body = tomcat.get("status").body();
        assertTrue(body.contains("\"authRequired\":true"), body);
        assertFalse(body.contains(Tokens.SECRET));
    }
}
