package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestRedis;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.TwoNodeCluster;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back empty: nothing is delivered that was not accepted, joins are refused with
 * 1013 meanwhile, traffic resumes afterwards, and the rooms' epochs tell clients their history was reset.
 */
class ClusterOutageTest {

    private static String chat(String text) {
        return "{\"username\":\"amy\",\"text\":\"" + text + "\"}";
    }

    private static boolean redisIs(TestServer node, String state) {
        return state.equals(node.app().status().cluster().redis());
    }

    @Test
    void redisDownMeansUnavailableAndRefusedJoinsThenTrafficResumesWithANewEpoch() {
        try (TestRedis redis = TestRedis.launch();
                TestServer nodeA = TestServer.start(TwoNodeCluster.node("a", redis.url()));
                TestServer nodeB = TestServer.start(TwoNodeCluster.node("b", redis.url()))) {
            WsClient amy = WsClient.connect(nodeA.ws("/broadcast/outage"));
            WsClient bob = WsClient.connect(nodeB.ws("/broadcast/outage"));
            WsClient amyRelay = WsClient.connect(nodeA.ws("/relay"));
            WsClient bobRelay = WsClient.connect(nodeB.ws("/relay"));
            String epoch = amy.next("welcome").getString("epoch");
            bob.next("welcome");
            amyRelay.next("welcome");
            String bobId = bobRelay.next("welcome").getString("id");
            amy.send(chat("before"));
            assertEquals(1, bob.next("chat").getJsonNumber("seq").longValue());
            assertEquals(1, amy.next("chat").getJsonNumber("seq").longValue());

            redis.stop();
            Wait.until("both nodes see Redis down", () -> redisIs(nodeA, "down") && redisIs(nodeB, "down"));
            assertEquals(Boolean.FALSE, nodeA.app().readiness().states().get("redis"), "not ready without Redis (503)");
            amy.send(chat("during"));
            JsonObject error = amy.next("error");
            assertEquals("unavailable", error.getString("code"));
            amy.expectNo("chat", Duration.ofMillis(300));
            bob.expectNo("chat", Duration.ofMillis(300));
            amyRelay.send("{\"type\":\"send\",\"to\":\"" + bobId + "\",\"text\":\"during\",\"ref\":\"r1\"}");
            JsonObject relayError = amyRelay.next("error");
            assertEquals("unavailable", relayError.getString("code"));
            assertEquals("r1", relayError.getString("ref"));
            bobRelay.expectNo("message", Duration.ofMillis(300));
            for (String path : new String[] {"/broadcast/outage", "/broadcast/new-room", "/relay"}) {
                try (WsClient refused = WsClient.connect(nodeB.ws(path))) {
                    assertEquals(1013, refused.awaitClose(), path);
                    assertEquals("try again later", refused.closeReason());
                }
            }

            redis.restart(); // empty: the history is gone
            Wait.until("both nodes see Redis up", () -> redisIs(nodeA, "up") && redisIs(nodeB, "up"));
            assertEquals(Boolean.TRUE, nodeA.app().readiness().states().get("redis"), "ready again (200)");
            assertEquals(1012, amy.awaitClose(), "a reset history closes members so they learn of it");
            assertEquals(1012, bob.awaitClose());
            amy.close();
            bob.close();
            try (WsClient amyAgain = WsClient.connect(nodeA.ws("/broadcast/outage?since=1&epoch=" + epoch));
                    WsClient bobAgain = WsClient.connect(nodeB.ws("/broadcast/outage?since=1&epoch=" + epoch))) {
                JsonObject welcome = amyAgain.next("welcome");
                assertTrue(welcome.getBoolean("truncated"), "another epoch: the client can tell its history was reset");
                assertNotEquals(epoch, welcome.getString("epoch"));
                assertEquals(0, welcome.getJsonNumber("seq").longValue());
                JsonObject bobWelcome = bobAgain.next("welcome");
                assertEquals(welcome.getString("epoch"), bobWelcome.getString("epoch"));
                amyAgain.send(chat("after"));
                assertEquals("after", bobAgain.next("chat").getString("text"));
                assertEquals(1, amyAgain.next("chat").getJsonNumber("seq").longValue());
            }
            amyRelay.send("{\"type\":\"send\",\"to\":\"" + bobId + "\",\"text\":\"after\",\"ref\":\"r2\"}");
            assertEquals("r2", amyRelay.next("ack").getString("ref"));
            assertEquals("after", bobRelay.next("message").getString("text"));
            try (WsClient late = WsClient.connect(nodeA.ws("/relay"))) {
                assertTrue(late.next("welcome").getJsonArray("peers").toString().contains(bobId),
                        "the nodes put their relay peers back into the new Redis");
            }
            assertFalse(amyRelay.isClosed());
            amyRelay.close();
            bobRelay.close();
        }
    }
}
