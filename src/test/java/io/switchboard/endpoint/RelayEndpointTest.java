package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.TestServer;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RelayEndpointTest {
    private static final int TEXT_MAX = 100;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            Map.of(SwitchboardConfig.TEXT_MAX_CHARS, String.valueOf(TEXT_MAX)));

    @Test
    void welcomeListsPeersAndOthersSeeJoinedAndLeft() {
        try (RelayClient amy = RelayClient.connect(server)) {
            RelayClient bob = RelayClient.connect(server);
            assertTrue(bob.peers().contains(amy.id()), "bob's welcome lists amy");
            assertFalse(bob.peers().contains(bob.id()), "nobody is their own peer");
            assertEquals(bob.id(), amy.ws().next("joined").getString("id"));
            bob.close();
            assertEquals(bob.id(), amy.ws().next("left").getString("id"));
        }
    }

    @Test
    void jsonMessageReachesRecipientWithServerAssignedSender() {
        try (RelayClient amy = RelayClient.connect(server); RelayClient bob = RelayClient.connect(server)) {
            amy.ws().send("{\"type\":\"send\",\"to\":\"" + bob.id() + "\",\"text\":\"hi bob\",\"from\":\"999\"}");
            JsonObject message = bob.ws().next("message");
            assertEquals(amy.id(), message.getString("from"), "a spoofed from is ignored");
            assertEquals("hi bob", message.getString("text"));
        }
    }

    @Test
    void plainIdColonTextFormIsAccepted() {
        try (RelayClient amy = RelayClient.connect(server); RelayClient bob = RelayClient.connect(server)) {
            amy.ws().send(bob.id() + ":hello: with colons");
            JsonObject message = bob.ws().next("message");
            assertEquals(amy.id(), message.getString("from"));
            assertEquals("hello: with colons", message.getString("text"));
        }
    }

    @Test
    void refIsAcknowledgedOnceQueued() {
        try (RelayClient amy = RelayClient.connect(server); RelayClient bob = RelayClient.connect(server)) {
            amy.ws().send("{\"type\":\"send\",\"to\":\"" + bob.id() + "\",\"text\":\"x\",\"ref\":\"r-1\"}");
            JsonObject ack = amy.ws().next("ack");
            assertEquals("r-1", ack.getString("ref"));
            assertEquals("x", bob.ws().next("message").getString("text"));
        }
    }

    @Test
    void noAckWithoutRef() {
        try (RelayClient amy = RelayClient.connect(server); RelayClient bob = RelayClient.connect(server)) {
            amy.ws().next("joined");
            amy.ws().send("{\"type\":\"send\",\"to\":\"" + bob.id() + "\",\"text\":\"x\"}");
            bob.ws().next("message");
            amy.ws().expectNo("ack", Duration.ofMillis(300));
        }
    }

    @Test
    void unknownRecipientIsAnErrorWithRef() {
        try (RelayClient amy = RelayClient.connect(server)) {
            amy.ws().send("{\"type\":\"send\",\"to\":\"nobody\",\"text\":\"x\",\"ref\":\"r-2\"}");
            JsonObject error = amy.ws().next("error");
            assertEquals("unknown-recipient", error.getString("code"));
            assertEquals("r-2", error.getString("ref"));
            assertTrue(error.getString("message").contains("nobody"));
        }
    }

    @Test
    void closedRecipientIsUnknown() {
        try (RelayClient amy = RelayClient.connect(server)) {
            RelayClient bob = RelayClient.connect(server);
            bob.close();
            amy.ws().nextMatching(m -> m.getString("type").equals("left") && m.getString("id").equals(bob.id()));
            amy.ws().send(bob.id() + ":are you there?");
            assertEquals("unknown-recipient", amy.ws().next("error").getString("code"));
        }
    }

    @Test
    void eachBadInputGetsItsErrorCodeAndTheConnectionStaysOpen() {
        try (RelayClient amy = RelayClient.connect(server); RelayClient bob = RelayClient.connect(server)) {
            amy.ws().next("joined");
            assertError(amy, "{not json", "bad-json");
            assertError(amy, "no colon here", "bad-json");
            assertError(amy, "[1,2,3]", "bad-json");
            assertError(amy, "{\"type\":\"send\",\"to\":{\"a\":1},\"text\":\"x\"}", "bad-json");
            assertError(amy, "{\"type\":\"dance\",\"to\":\"1\",\"text\":\"x\"}", "unknown-type");
            assertError(amy, "{\"to\":\"1\",\"text\":\"x\"}", "unknown-type");
            assertError(amy, "{\"type\":\"send\",\"text\":\"x\"}", "invalid-field");
            assertError(amy, "{\"type\":\"send\",\"to\":\"" + bob.id() + "\"}", "invalid-field");
            assertError(amy, "{\"type\":\"send\",\"to\":\"" + bob.id() + "\",\"text\":\"" + "x".repeat(TEXT_MAX + 1) + "\"}",
                    "invalid-field");
            amy.ws().send(bob.id() + ":still works");
            assertEquals("still works", bob.ws().next("message").getString("text"));
        }
    }

    @Test
    void invalidFieldErrorCarriesRef() {
        try (RelayClient amy = RelayClient.connect(server)) {
            amy.ws().send("{\"type\":\"send\",\"text\":\"x\",\"ref\":\"r-3\"}");
            JsonObject error = amy.ws().next("error");
            assertEquals("invalid-field", error.getString("code"));
            assertEquals("r-3", error.getString("ref"));
        }
    }

    @Test
    void binaryFrameClosesWith1003() {
        try (RelayClient amy = RelayClient.connect(server)) {
            amy.ws().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(1003, amy.ws().awaitClose());
        }
    }

    private static void assertError(RelayClient client, String frame, String code) {
        client.ws().send(frame);
        JsonObject error = client.ws().next("error");
        assertEquals(code, error.getString("code"), "for " + frame);
        assertFalse(error.getString("message").isBlank());
    }
}
