package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.RelayClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code /relay} on the real server: ids, peers, direct messages in both forms, acks and unknown recipients. */
class RelayIT extends DeployedSwitchboard {

    @Test
    void welcomeListsPeersAndOthersSeeJoinedAndLeft() {
        try (RelayClient amy = RelayClient.connect(server())) {
            RelayClient bob = RelayClient.connect(server());
            assertNotEquals(amy.id(), bob.id(), "every client gets its own id");
            assertTrue(bob.peers().contains(amy.id()), "bob's welcome lists amy: " + bob.peers());
            assertFalse(bob.peers().contains(bob.id()), "nobody is their own peer");
            assertEquals(bob.id(), amy.ws().next("joined").getString("id"));
            bob.close();
            assertEquals(bob.id(), amy.ws().next("left").getString("id"));
        }
    }

    @Test
    void jsonSendReachesRecipientAndRefIsAcked() {
        try (RelayClient amy = RelayClient.connect(server()); RelayClient bob = RelayClient.connect(server())) {
            amy.ws().send("{\"type\":\"send\",\"to\":\"" + bob.id() + "\",\"text\":\"hi bob\",\"ref\":\"r1\",\"from\":\"999\"}");
            JsonObject message = bob.ws().next("message");
            assertEquals(amy.id(), message.getString("from"), "the server names the sender, a client's from is ignored");
            assertEquals("hi bob", message.getString("text"));
            JsonObject ack = amy.ws().next("ack");
            assertEquals("r1", ack.getString("ref"));
        }
    }

    @Test
    void plainIdColonTextFormIsAccepted() {
        try (RelayClient amy = RelayClient.connect(server()); RelayClient bob = RelayClient.connect(server())) {
            amy.ws().send(bob.id() + ":hello: with a colon");
            JsonObject message = bob.ws().next("message");
            assertEquals(amy.id(), message.getString("from"));
            assertEquals("hello: with a colon", message.getString("text"));

            bob.ws().send(amy.id() + ":and back");
            JsonObject reply = amy.ws().next("message");
            assertEquals(bob.id(), reply.getString("from"));
            assertEquals("and back", reply.getString("text"));
        }
    }

    @Test
    void unknownRecipientIsAnErrorAndTheConnectionStaysOpen() {
        try (RelayClient amy = RelayClient.connect(server()); RelayClient bob = RelayClient.connect(server())) {
            amy.ws().send("{\"type\":\"send\",\"to\":\"no-such-client\",\"text\":\"anyone?\",\"ref\":\"r2\"}");
            JsonObject error = amy.ws().next("error");
            assertEquals("unknown-recipient", error.getString("code"));
            assertEquals("r2", error.getString("ref"));
            assertFalse(error.getString("message").isBlank(), "the error explains itself");

            amy.ws().send("no-such-client:plain form too");
            assertEquals("unknown-recipient", amy.ws().next("error").getString("code"));

            amy.ws().send(bob.id() + ":still connected");
            assertEquals("still connected", bob.ws().next("message").getString("text"));
            assertFalse(amy.ws().isClosed());
        }
    }
}
