package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestServer;
import io.switchboard.testing.TwoNodeCluster;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import io.switchboard.web.StatusReport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Presence, the relay and node liveness across two (and three) nodes sharing one Redis. */
class ClusterRelayAndPresenceTest {
    @RegisterExtension
    static final TwoNodeCluster cluster = TwoNodeCluster.perClass();

    private static List<String> peers(JsonObject welcome) {
        return welcome.getJsonArray("peers").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void presenceCountsMembersOnEveryNode() {
        try (WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/presence"))) {
            assertEquals(1, amy.next("welcome").getInt("members"));
            try (WsClient bob = WsClient.connect(cluster.b().ws("/broadcast/presence"))) {
                assertEquals(2, bob.next("welcome").getInt("members"));
                assertEquals(2, amy.next("presence").getInt("members"), "a join on B is counted on A");
                try (WsClient carl = WsClient.connect(cluster.b().ws("/broadcast/presence"))) {
                    assertEquals(3, carl.next("welcome").getInt("members"));
                    assertEquals(3, amy.next("presence").getInt("members"));
                    assertEquals(3, cluster.a().app().broker().describe("presence").members());
                }
                assertEquals(2, amy.next("presence").getInt("members"), "a leave on B is counted on A");
            }
            assertEquals(1, amy.next("presence").getInt("members"));
        }
    }

    @Test
    void relayPeersMessagesAndAcksCrossNodes() {
        try (WsClient amy = WsClient.connect(cluster.a().ws("/relay"))) {
            JsonObject amyWelcome = amy.next("welcome");
            String amyId = amyWelcome.getString("id");
            assertTrue(amyId.startsWith("a."), "ids carry their node: " + amyId);
            try (WsClient bob = WsClient.connect(cluster.b().ws("/relay"))) {
                JsonObject bobWelcome = bob.next("welcome");
                String bobId = bobWelcome.getString("id");
                assertTrue(peers(bobWelcome).contains(amyId), "welcome.peers lists peers on every node");
                assertEquals(bobId, amy.next("joined").getString("id"), "joined crosses nodes");

                amy.send("{\"type\":\"send\",\"to\":\"" + bobId + "\",\"text\":\"hi bob\",\"ref\":\"r1\"}");
                JsonObject ack = amy.next("ack");
                assertEquals("r1", ack.getString("ref"));
                JsonObject message = bob.next("message");
                assertEquals(amyId, message.getString("from"));
                assertEquals("hi bob", message.getString("text"));

                bob.send("{\"type\":\"send\",\"to\":\"" + amyId + "\",\"text\":\"hi amy\",\"ref\":\"r2\"}");
                assertEquals("r2", bob.next("ack").getString("ref"));
                assertEquals("hi amy", amy.next("message").getString("text"));

                for (String unknown : List.of("b.999999", "nosuchnode.1", "42")) {
                    amy.send("{\"type\":\"send\",\"to\":\"" + unknown + "\",\"text\":\"anyone?\",\"ref\":\"r3\"}");
                    JsonObject error = amy.next("error");
                    assertEquals("unknown-recipient", error.getString("code"), unknown);
                    assertEquals("r3", error.getString("ref"));
                }
            }
            JsonObject left = amy.next("left");
            assertTrue(left.getString("id").startsWith("b."), "left crosses nodes");
        }
    }

    @Test
    void idsNeverCollideAcrossNodes() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            for (TestServer node : List.of(cluster.a(), cluster.b())) {
                try (WsClient client = WsClient.connect(node.ws("/relay"))) {
                    assertTrue(ids.add(client.next("welcome").getString("id")));
                }
            }
        }
    }

    @Test
    void statusNamesTheNodeAndTheCluster() {
        Wait.until("both nodes counted", () -> cluster.a().app().status().cluster().nodes() == 2);
        StatusReport status = cluster.a().app().status();
        assertEquals("a", status.node());
        assertEquals("up", status.cluster().redis());
        String json = status.toJson();
        assertTrue(json.contains("\"node\":\"a\",\"cluster\":{\"nodes\":2,\"redis\":\"up\"}"), json);
        try (TestServer single = TestServer.start()) {
            String singleJson = single.app().status().toJson();
            assertTrue(singleJson.contains("\"cluster\":null"), singleJson);
        }
    }

    @Test
    void aNodeThatDiesWithoutGoodbyeIsNoticedWithinItsTtl() {
        try (TestServer nodeC = TestServer.start(TwoNodeCluster.node("c", cluster.redis().url()));
                WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/mortal"));
                WsClient amyRelay = WsClient.connect(cluster.a().ws("/relay"))) {
            amy.next("welcome");
            amyRelay.next("welcome");
            WsClient carl = WsClient.connect(nodeC.ws("/broadcast/mortal"));
            WsClient carlRelay = WsClient.connect(nodeC.ws("/relay"));
            assertEquals(2, carl.next("welcome").getInt("members"));
            String carlId = carlRelay.next("welcome").getString("id");
            assertEquals(2, amy.next("presence").getInt("members"));
            assertEquals(carlId, amyRelay.next("joined").getString("id"));

            ((RedisBroker) nodeC.app().broker()).halt(); // no goodbye: its Redis connection just goes
            long haltedAt = System.nanoTime();
            assertEquals(1, amy.next("presence").getInt("members"), "the dead node's members are gone");
            assertEquals(carlId, amyRelay.next("left").getString("id"));
            Duration noticed = Duration.ofNanos(System.nanoTime() - haltedAt);
            assertTrue(noticed.compareTo(Duration.ofSeconds(2 + 3)) < 0, "within nodeTtl plus ticks: " + noticed);
            amyRelay.send("{\"type\":\"send\",\"to\":\"" + carlId + "\",\"text\":\"still there?\",\"ref\":\"x\"}");
            assertEquals("unknown-recipient", amyRelay.next("error").getString("code"));
            carl.close();
            carlRelay.close();
        }
    }

    @Test
    void aStoppingNodeSaysGoodbyeAtOnce() {
        try (WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/goodbye"))) {
            amy.next("welcome");
            TestServer nodeD = TestServer.start(TwoNodeCluster.node("d", cluster.redis().url()));
            WsClient dora = WsClient.connect(nodeD.ws("/broadcast/goodbye"));
            dora.next("welcome");
            assertEquals(2, amy.next("presence").getInt("members"));
            nodeD.close();
            assertEquals(1, amy.next("presence").getInt("members"));
            assertNotEquals(0, dora.awaitClose());
            dora.close();
        }
    }
}
