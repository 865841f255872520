package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ChatMember;
import io.switchboard.testing.ChatTraffic;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Transcripts;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed (SIGKILL) in the middle of chat traffic on two nodes and started again: while it is down every
 * message is refused with {@code unavailable} and delivered to nobody; within 5 s of its return both nodes carry
 * traffic again and count every relay peer and room member again. Without persistence the rooms' histories are gone: each
 * room has a new epoch, members are closed 1012 and learn it from a {@code truncated} welcome. With an
 * append-only file the history survives: same epoch, nobody disconnected, nothing lost across the restart.
 */
class RedisRestartTest {
    private static final List<String> ROOMS = List.of("restart-1", "restart-2");
    private static final int PER_ROOM = 6;
    private static final int RELAY_PEERS_PER_NODE = 2;
    private static final Duration BACK_WITHIN = Duration.ofSeconds(5);

    @Test
    void redisKilledAndRestartedEmptyRefusesWhileDownThenResumesUnderANewEpoch() {
        try (TestRedis redis = TestRedis.launch(); Cluster cluster = new Cluster(redis)) {
            Map<String, String> epochsBefore = cluster.epochs();
            cluster.killAndRestartRedisDuringTraffic();

            Map<String, java.util.Set<String>> accepted = Transcripts.everythingReceived(cluster.members);
            for (String room : ROOMS) {
                List<ChatMember> inRoom = ClusterNodes.in(room, cluster.members);
                Transcripts.RoomHead head = Transcripts.awaitCaughtUp(cluster.a, room, inRoom, Duration.ofSeconds(20));
                assertNotEquals(epochsBefore.get(room), head.epoch(), "the history was lost: another epoch");
                Transcripts.assertEveryMemberHasAPrefixOnceInOrder(inRoom, epochsBefore.get(room));
                Transcripts.assertEveryMemberHasEveryMessageOnceInOrder(inRoom, head, 1);
                assertTrue(head.seq() > 10, "traffic resumed in the new history: " + head);
                for (ChatMember member : inRoom) {
                    assertTrue(member.closes().stream().anyMatch(c -> c.startsWith("1012 history reset")),
                            member + ": closed so that it learns of the reset");
                    assertTrue(member.truncatedWelcomes() >= 1, member + ": told truncated on its return");
                }
                try (WsClient old = WsClient.connect(cluster.a.ws("broadcast/" + room + "?since=3&epoch="
                        + epochsBefore.get(room)))) {
                    JsonObject welcome = old.next("welcome");
                    assertTrue(welcome.getBoolean("truncated"), "a client still on the old epoch is told");
                    assertEquals(PER_ROOM + 1, welcome.getInt("members"), "members on both nodes, counted again");
                }
            }
            System.out.println("Redis restarted empty: "
                    + Transcripts.assertSendersToldTheTruth(cluster.members, accepted, false));
        }
    }

    @Test
    void redisKilledAndRestartedWithAofKeepsTheEpochAndLosesNothing() {
        try (TestRedis redis = TestRedis.launchWithAof(); Cluster cluster = new Cluster(redis)) {
            Map<String, String> epochsBefore = cluster.epochs();
            cluster.killAndRestartRedisDuringTraffic();

            Map<String, List<String>> accepted = new HashMap<>();
            for (String room : ROOMS) {
                List<ChatMember> inRoom = ClusterNodes.in(room, cluster.members);
                Transcripts.RoomHead head = Transcripts.awaitCaughtUp(cluster.b, room, inRoom, Duration.ofSeconds(20));
                assertEquals(epochsBefore.get(room), head.epoch(), "the history survived: the same epoch");
                accepted.put(room, List.copyOf(
                        Transcripts.assertEveryMemberHasEveryMessageOnceInOrder(inRoom, head, 1).values()));
                for (ChatMember member : inRoom) {
                    assertEquals(List.of(), member.closes(), member + ": stayed connected through the outage");
                    assertEquals(0, member.truncatedWelcomes());
                }
                try (WsClient back = WsClient.connect(cluster.b.ws("broadcast/" + room + "?since=0&epoch="
                        + epochsBefore.get(room)))) {
                    JsonObject welcome = back.next("welcome");
                    assertFalse(welcome.getBoolean("truncated", false), "since across the restart: nothing missing");
                    for (long seq = 1; seq <= head.seq(); seq++) {
                        assertEquals(seq, back.next("chat").getJsonNumber("seq").longValue());
                    }
                }
            }
            System.out.println("Redis restarted with AOF: "
                    + Transcripts.assertSendersToldTheTruth(cluster.members, accepted, false));
        }
    }

    /** Two nodes in this JVM (embedded Tomcat) on one Redis, chat members in both rooms and relay peers on both. */
    private static final class Cluster implements AutoCloseable {
        final TestRedis redis;
        final EmbeddedTomcat a;
        final EmbeddedTomcat b;
        final List<ChatMember> members;
        final List<WsClient> relayPeers = new ArrayList<>();

        Cluster(TestRedis redis) {
            this.redis = redis;
            this.a = EmbeddedTomcat.start(ClusterNodes.node("restart-a", redis.url()));
            this.b = EmbeddedTomcat.start(ClusterNodes.node("restart-b", redis.url()));
            this.members = ClusterNodes.members(ROOMS, PER_ROOM, List.of(a, b));
            for (EmbeddedTomcat node : List.of(a, b)) {
                for (int i = 0; i < RELAY_PEERS_PER_NODE; i++) {
                    WsClient peer = WsClient.connect(node.ws("relay"));
                    peer.next("welcome");
                    relayPeers.add(peer);
                }
            }
        }

        Map<String, String> epochs() {
            Map<String, String> epochs = new HashMap<>();
            ROOMS.forEach(room -> epochs.put(room, Transcripts.head(a, room).epoch()));
            return epochs;
        }

        /**
         * Traffic for 2 s, Redis killed; once both nodes know, a message is refused and reaches nobody; Redis
         * down for another second of traffic, then started again; both nodes carry traffic and count every relay
         * peer and room member again within {@link #BACK_WITHIN}; 3 s more traffic.
         */
        void killAndRestartRedisDuringTraffic() {
            WsClient sender = WsClient.connect(a.ws("broadcast/restart-probe"));
            WsClient listener = WsClient.connect(b.ws("broadcast/restart-probe"));
            sender.next("welcome");
            listener.next("welcome");
            try (ChatTraffic traffic = ChatTraffic.start(members, Duration.ofMillis(200))) {
                ClusterNodes.during(Duration.ofSeconds(2));
                redis.kill();
                Wait.until("both nodes know Redis is down", () -> redisIs(a, "down") && redisIs(b, "down"));
                sender.send("{\"username\":\"probe\",\"text\":\"while down\"}");
                assertEquals("unavailable", sender.next("error").getString("code"));
                listener.expectNo("chat", Duration.ofMillis(500));
                ClusterNodes.during(Duration.ofSeconds(1));

                long restarted = System.nanoTime();
                redis.restart();
                for (EmbeddedTomcat node : List.of(a, b)) {
                    Wait.until(node.app().status().node() + " carries traffic again", remaining(restarted),
                            () -> chatRoundTrip(node));
                }
                Wait.until("relay peers of both nodes counted again", remaining(restarted),
                        () -> a.statusCounter("relayPeers") == 2 * RELAY_PEERS_PER_NODE
                                && b.statusCounter("relayPeers") == 2 * RELAY_PEERS_PER_NODE);
                Map<String, Integer> counted = new HashMap<>();
                try {
                    Wait.until("the room members of both nodes counted again", remaining(restarted), () -> {
                        ROOMS.forEach(room -> counted.put(room, Transcripts.members(a, room) - 1));
                        return counted.values().stream().allMatch(n -> n == PER_ROOM);
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; last counted " + counted + ", expected " + PER_ROOM);
                }
                System.out.println("Redis back: both nodes carry traffic and count their relay peers and members after "
                        + Duration.ofNanos(System.nanoTime() - restarted).toMillis() + " ms");
                ClusterNodes.during(Duration.ofSeconds(3));
            } finally {
                sender.close();
                listener.close();
            }
        }

        /** What is left of {@link #BACK_WITHIN} since {@code restarted} (System.nanoTime()). */
        private static Duration remaining(long restarted) {
            Duration left = BACK_WITHIN.minus(Duration.ofNanos(System.nanoTime() - restarted));
            return left.isNegative() ? Duration.ZERO : left;
        }

        private static boolean redisIs(EmbeddedTomcat node, String state) {
            return state.equals(node.app().status().cluster().redis());
        }

        /** A new member of a room of its own sends a message and gets it back (false on 1013 or an error). */
        private static boolean chatRoundTrip(EmbeddedTomcat node) {
            try (WsClient probe = WsClient.connect(node.ws("broadcast/carry-" + node.port()))) {
                JsonObject welcome = probe.nextJsonWithin(Duration.ofMillis(500));
                if (welcome == null || !"welcome".equals(welcome.getString("type", null))) {
                    return false;
                }
                probe.send("{\"username\":\"probe\",\"text\":\"back\"}");
                JsonObject reply = probe.nextJsonWithin(Duration.ofMillis(500));
                return reply != null && "chat".equals(reply.getString("type", null));
            } catch (RuntimeException | AssertionError e) {
                return false; // closed 1013 while the node still reconnects
            }
        }

        @Override
        public void close() {
            ClusterNodes.leave(members);
            relayPeers.forEach(WsClient::close);
            a.close();
            b.close();
        }
    }
}
