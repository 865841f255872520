package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.protocol.ChatMessage;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.TwoNodeCluster;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes in one JVM against one real Redis: a room is one room, whichever node a client reaches. */
class ClusterBroadcastTest {
    @RegisterExtension
    static final TwoNodeCluster cluster = TwoNodeCluster.perClass();

    private static String chat(String user, String text) {
        return "{\"username\":\"" + user + "\",\"text\":\"" + text + "\"}";
    }

    @Test
    void aMessageOnOneNodeReachesMembersOnBothWithOneSeq() {
        try (WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/one-seq"));
                WsClient bob = WsClient.connect(cluster.b().ws("/broadcast/one-seq"))) {
            JsonObject welcome = amy.next("welcome");
            assertEquals(0, welcome.getJsonNumber("seq").longValue());
            assertFalse(welcome.getString("epoch").isEmpty(), "the welcome names the history");
            assertEquals(2, bob.next("welcome").getInt("members"), "members on both nodes count");
            amy.send(chat("amy", "from A"));
            bob.send(chat("bob", "from B"));
            for (WsClient client : List.of(amy, bob)) {
                JsonObject first = client.next("chat");
                JsonObject second = client.next("chat");
                assertEquals(1, first.getJsonNumber("seq").longValue());
                assertEquals(2, second.getJsonNumber("seq").longValue());
            }
        }
    }

    @Test
    void sinceOnOneNodeReplaysWhatWasSaidOnTheOther() {
        double replayedBefore = metric(cluster.b(), "switchboard_cluster_recoveries_replayed_total");
        double truncatedBefore = metric(cluster.b(), "switchboard_cluster_recoveries_truncated_total");
        String epoch;
        try (WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/replay"))) {
            epoch = amy.next("welcome").getString("epoch");
            for (int i = 1; i <= 5; i++) {
                amy.send(chat("amy", "m" + i));
                amy.next("chat");
            }
        }
        try (WsClient bob = WsClient.connect(cluster.b().ws("/broadcast/replay?since=2&epoch=" + epoch))) {
            JsonObject welcome = bob.nextJson();
            assertEquals("welcome", welcome.getString("type"));
            assertEquals(5, welcome.getJsonNumber("seq").longValue());
            assertEquals(epoch, welcome.getString("epoch"));
            assertFalse(welcome.containsKey("truncated"));
            for (int seq = 3; seq <= 5; seq++) {
                JsonObject replayed = bob.nextJson();
                assertEquals(seq, replayed.getJsonNumber("seq").longValue());
                assertEquals("m" + seq, replayed.getString("text"));
            }
            bob.send(chat("bob", "live"));
            assertEquals(6, bob.next("chat").getJsonNumber("seq").longValue(), "live after replay, nothing between");
        }
        try (WsClient carl = WsClient.connect(cluster.b().ws("/broadcast/replay?since=2&epoch=another"))) {
            JsonObject welcome = carl.nextJson();
            assertTrue(welcome.getBoolean("truncated"), "another epoch: the history the client counted in is gone");
            assertEquals(1, carl.nextJson().getJsonNumber("seq").longValue(), "what is retained is replayed");
        }
        assertEquals(replayedBefore + 1, metric(cluster.b(), "switchboard_cluster_recoveries_replayed_total"));
        assertEquals(truncatedBefore + 1, metric(cluster.b(), "switchboard_cluster_recoveries_truncated_total"));
    }

    @Test
    void fiftyClientsOverBothNodesGetTwoHundredMessagesOnceAndInOrder() throws Exception {
        int clients = 50;
        int publishers = 10;
        int perPublisher = 20;
        List<WsClient> members = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                WsClient client = WsClient.connect((i % 2 == 0 ? cluster.a() : cluster.b()).ws("/broadcast/fifty"));
                client.next("welcome");
                members.add(client);
            }
            ExecutorService senders = Executors.newFixedThreadPool(publishers);
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                WsClient publisher = members.get(p);
                int number = p;
                sent.add(senders.submit(() -> {
                    for (int m = 0; m < perPublisher; m++) {
                        publisher.send(chat("p" + number, number + ":" + m));
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            senders.shutdown();
            int total = publishers * perPublisher;
            Map<Long, String> bySeq = null;
            for (int index = 0; index < members.size(); index++) {
                WsClient member = members.get(index);
                Map<Long, String> seen = new HashMap<>();
                int[] lastFrom = new int[publishers];
                java.util.Arrays.fill(lastFrom, -1);
                List<String> errors = new ArrayList<>();
                for (long expected = 1; expected <= total; expected++) {
                    JsonObject message;
                    try {
                        message = member.nextMatching(json -> {
                            if ("error".equals(json.getString("type"))) {
                                errors.add(json.toString());
                            }
                            return "chat".equals(json.getString("type"));
                        });
                    } catch (AssertionError e) {
                        throw new AssertionError("member " + index + " waited in vain for seq " + expected
                                + "; errors it got: " + errors
                                + "; node A: " + cluster.a().app().broker().describe("fifty")
                                + ", node B: " + cluster.b().app().broker().describe("fifty"), e);
                    }
                    assertEquals(expected, message.getJsonNumber("seq").longValue(), "in seq order, none lost or doubled");
                    String[] text = message.getString("text").split(":");
                    int from = Integer.parseInt(text[0]);
                    int m = Integer.parseInt(text[1]);
                    assertEquals(lastFrom[from] + 1, m, "each publisher's messages in the order it sent them");
                    lastFrom[from] = m;
                    seen.put(expected, message.getString("text"));
                }
                if (bySeq == null) {
                    bySeq = seen;
                } else {
                    assertEquals(bySeq, seen, "every member sees the same message under each seq");
                }
                member.expectNo("chat", Duration.ofMillis(20));
            }
        } finally {
            members.forEach(WsClient::close);
        }
    }

    /** Numbers and stores a message the way a node does, but announces it on a channel no node hears. */
    private static long injectWithoutPubSub(String room, String text) {
        RedisClient client = RedisClient.create(cluster.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ChatMessage.Unnumbered message = ChatMessage.unnumbered(room, "ghost", text, "2025-01-01T00:00:00.000Z");
            List<Object> result = connection.sync().eval(Scripts.PUBLISH.text(), ScriptOutputType.MULTI,
                    new String[] {Keys.room(room), Keys.roomLog(room), Keys.ROOMS, Keys.roomBusy(room)},
                    "x", message.head(), message.tail(), "1000", "3600", "sb:nowhere", room);
            return (Long) result.get(0);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aMessageLostBetweenRedisAndTheNodesIsFilledFromHistoryBeforeTheNext() {
        double filledBefore = metric(cluster.b(), "switchboard_cluster_gap_messages_filled_total");
        try (WsClient amy = WsClient.connect(cluster.a().ws("/broadcast/gap"));
                WsClient bob = WsClient.connect(cluster.b().ws("/broadcast/gap"))) {
            amy.next("welcome");
            bob.next("welcome");
            amy.send(chat("amy", "one"));
            assertEquals(1, bob.next("chat").getJsonNumber("seq").longValue());
            assertEquals(1, amy.next("chat").getJsonNumber("seq").longValue());
            assertEquals(2, injectWithoutPubSub("gap", "lost on the way"));
            amy.send(chat("amy", "three"));
            for (WsClient client : List.of(amy, bob)) {
                JsonObject filled = client.next("chat");
                assertEquals(2, filled.getJsonNumber("seq").longValue(), "the gap is filled first");
                assertEquals("lost on the way", filled.getString("text"));
                assertEquals(3, client.next("chat").getJsonNumber("seq").longValue());
            }
            // a lost last message, with nothing after it to show the gap: the tick finds it
            assertEquals(4, injectWithoutPubSub("gap", "lost and last"));
            for (WsClient client : List.of(amy, bob)) {
                JsonObject found = client.next("chat");
                assertEquals(4, found.getJsonNumber("seq").longValue());
                assertEquals("lost and last", found.getString("text"));
            }
        }
        assertTrue(metric(cluster.b(), "switchboard_cluster_gap_messages_filled_total") >= filledBefore + 2,
                "the metrics count the messages filled from history");
        assertTrue(metric(cluster.a(), "switchboard_broker_publish_seconds_count") > 0, "publish latency is measured");
        assertEquals(2, metric(cluster.a(), "switchboard_cluster_nodes"));
    }

    /** One series of a node's Prometheus scrape. */
    private static double metric(TestServer node, String series) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            node.app().metrics().scrape(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        io.switchboard.testing.PrometheusText text =
                new io.switchboard.testing.PrometheusText(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        return text.has(series) ? text.value(series) : 0;
    }
}
