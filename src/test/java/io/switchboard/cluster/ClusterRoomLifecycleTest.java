package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.TwoNodeCluster;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's life in cluster mode, where it lives in Redis rather than in one node's memory: {@code maxRooms}
 * counts the rooms of the whole cluster, {@code room.idleSeconds} lets an unused room's keys expire in Redis
 * (and only then), and a Redis whose {@code seq} went back (restored from an older copy) makes the nodes rename
 * the room's history so that no {@code seq} names two messages under one epoch. Each test has its own Redis and
 * two nodes with a short idle time, so that expiry happens within the test.
 */
class ClusterRoomLifecycleTest {
    private static final int MAX_ROOMS = 2;
    private static final Duration IDLE = Duration.ofSeconds(RedisBroker.MIN_IDLE_SECONDS);
    /** Ticks are one second apart and the machine may be busy: how long past the idle time expiry may take. */
    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(4);

    private TestRedis redis;
    private TestServer nodeA;
    private TestServer nodeB;
    private RedisClient lettuce;
    private StatefulRedisConnection<String, String> connection;

    private static Map<String, String> node(String id, String redisUrl, Duration roomIdle) {
        return TestServer.with(TwoNodeCluster.node(id, redisUrl), Map.of(SwitchboardConfig.MAX_ROOMS, String.valueOf(MAX_ROOMS),
                SwitchboardConfig.ROOM_IDLE_SECONDS, String.valueOf(roomIdle.toSeconds())));
    }

    @BeforeEach
    void startCluster() {
        redis = TestRedis.launch();
        nodeA = TestServer.start(node("a", redis.url(), IDLE));
        nodeB = TestServer.start(node("b", redis.url(), IDLE));
        lettuce = RedisClient.create(redis.url());
        connection = lettuce.connect();
    }

    @AfterEach
    void stopCluster() {
        connection.close();
        lettuce.shutdown();
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private static String chat(String user, String text) {
        return "{\"username\":\"" + user + "\",\"text\":\"" + text + "\"}";
    }

    private static void assertRefusedForRoomLimit(WsClient client, String what) {
        assertEquals(1013, client.awaitClose(), what);
        assertEquals("room limit reached", client.closeReason(), what);
    }

    /** How many of the room's keys (meta, history, members) Redis still holds. */
    private long roomKeys(String room) {
        return redis().exists(Keys.room(room), Keys.roomLog(room), Keys.roomMembers(room));
    }

    @Test
    void maxRoomsCountsRoomsOfBothNodesRefusesANewOneOnEitherAndFreesUpWhenOneGoesIdle() {
        try (WsClient amy = WsClient.connect(nodeA.ws("/broadcast/first"));
                WsClient bob = WsClient.connect(nodeB.ws("/broadcast/second"))) {
            amy.next("welcome");
            bob.next("welcome");
            assertEquals(MAX_ROOMS, redis().zcard(Keys.ROOMS), "one room made on each node, both counted");

            for (TestServer node : List.of(nodeA, nodeB)) {
                try (WsClient refused = WsClient.connect(node.ws("/broadcast/third"))) {
                    assertRefusedForRoomLimit(refused, "a third room on node " + node.app().config().nodeId());
                }
            }
            assertEquals(0, roomKeys("third"), "a refused room leaves nothing in Redis");

            try (WsClient carl = WsClient.connect(nodeB.ws("/broadcast/first"));
                    WsClient dana = WsClient.connect(nodeA.ws("/broadcast/second"))) {
                assertEquals(2, carl.next("welcome").getInt("members"), "a room made on A still takes joins on B");
                assertEquals(2, dana.next("welcome").getInt("members"), "a room made on B still takes joins on A");
                carl.send(chat("carl", "still open"));
                assertEquals("still open", amy.next("chat").getString("text"));
            }
        }
        // nobody is left in either room: once they have been idle for room.idleSeconds, they no longer count
        Wait.until("the idle rooms to stop counting", IDLE.plus(EXPIRY_SLACK),
                () -> redis().zcard(Keys.ROOMS) == 0);
        try (WsClient third = WsClient.connect(nodeB.ws("/broadcast/third"));
                WsClient fourth = WsClient.connect(nodeA.ws("/broadcast/fourth"))) {
            assertEquals(0, third.next("welcome").getJsonNumber("seq").longValue(), "the limit freed up");
            assertEquals(0, fourth.next("welcome").getJsonNumber("seq").longValue());
            try (WsClient fifth = WsClient.connect(nodeA.ws("/broadcast/fifth"))) {
                assertRefusedForRoomLimit(fifth, "the limit holds again for the rooms made since");
            }
        }
    }

    @Test
    void aRoomsKeysLiveWhileItHasMembersOnAnyNodeAndExpireAfterIdleSecondsWithoutThem() {
        String epoch;
        try (WsClient bob = WsClient.connect(nodeB.ws("/broadcast/idle"))) {
            bob.next("welcome");
            try (WsClient amy = WsClient.connect(nodeA.ws("/broadcast/idle"))) {
                epoch = amy.next("welcome").getString("epoch");
                amy.send(chat("amy", "one"));
                amy.send(chat("amy", "two"));
                for (WsClient client : List.of(amy, bob)) {
                    assertEquals(1, client.next("chat").getJsonNumber("seq").longValue());
                    assertEquals(2, client.next("chat").getJsonNumber("seq").longValue());
                }
                assertKeysStay("idle", IDLE.plusSeconds(1), "members on both nodes, no messages");
            }
            // amy and node A are gone from the room; bob on node B keeps it alive
            Wait.until("node A's member to be counted out", () -> redis().hget(Keys.roomMembers("idle"), "a") == null);
            assertKeysStay("idle", IDLE.plusSeconds(1), "a member on node B only");
            assertEquals(epoch, redis().hget(Keys.room("idle"), "epoch"));
            assertEquals("2", redis().hget(Keys.room("idle"), "seq"));
        }
        long left = System.nanoTime();
        Wait.until("the room's keys to expire", IDLE.plus(EXPIRY_SLACK), () -> roomKeys("idle") == 0);
        assertTrue(System.nanoTime() - left >= IDLE.toNanos() - Duration.ofMillis(200).toNanos(),
                "not before room.idleSeconds");
        Wait.until("the expired room to stop counting towards maxRooms", EXPIRY_SLACK,
                () -> redis().zscore(Keys.ROOMS, "idle") == null);

        try (WsClient amy = WsClient.connect(nodeA.ws("/broadcast/idle?since=2&epoch=" + epoch));
                WsClient bob = WsClient.connect(nodeB.ws("/broadcast/idle?since=2&epoch=" + epoch))) {
            JsonObject welcome = amy.next("welcome");
            assertTrue(welcome.getBoolean("truncated"), "the history the client counted in is gone");
            assertNotEquals(epoch, welcome.getString("epoch"), "a new history has a new name");
            assertEquals(0, welcome.getJsonNumber("seq").longValue());
            JsonObject bobWelcome = bob.next("welcome");
            assertTrue(bobWelcome.getBoolean("truncated"));
            assertEquals(welcome.getString("epoch"), bobWelcome.getString("epoch"), "one new history for both nodes");
            bob.send(chat("bob", "anew"));
            JsonObject anew = amy.next("chat");
            assertEquals(1, anew.getJsonNumber("seq").longValue());
            assertEquals("anew", anew.getString("text"));
        }
    }

    @Test
    void anIdleTimeShorterThanThreeTicksIsRaisedSoThatARoomWithMembersKeepsItsHistory() {
        Duration tooShort = Duration.ofSeconds(1);
        // one node, so that one tick a second is all that refreshes the room's keys
        try (TestServer nodeC = TestServer.start(node("c", redis.url(), tooShort))) {
            try (WsClient amy = WsClient.connect(nodeC.ws("/broadcast/brief"));
                    WsClient bob = WsClient.connect(nodeC.ws("/broadcast/brief"))) {
                String epoch = amy.next("welcome").getString("epoch");
                bob.next("welcome");
                amy.send(chat("amy", "one"));
                assertEquals(1, bob.next("chat").getJsonNumber("seq").longValue());
                assertKeysStay("brief", tooShort.multipliedBy(4), "members, with room.idleSeconds=1");
                assertFalse(amy.isClosed() || bob.isClosed(), "no history reset while the room has members");
                assertEquals(epoch, redis().hget(Keys.room("brief"), "epoch"));
            }
            long left = System.nanoTime();
            Wait.until("the room's keys to expire", IDLE.plus(EXPIRY_SLACK), () -> roomKeys("brief") == 0);
            assertTrue(System.nanoTime() - left >= IDLE.toNanos() - Duration.ofMillis(200).toNanos(),
                    "the keys live the raised idle time, " + IDLE.toSeconds() + " s");
        }
    }

    /** Checks, for {@code period}, that Redis keeps every key of {@code room}. */
    private void assertKeysStay(String room, Duration period, String situation) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            assertEquals(3, roomKeys(room), "the room's keys live while it has " + situation);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aSeqThatWentBackInRedisRenamesTheHistoryClosesMembersOnBothNodesAndNeverRepeatsASeqUnderOneEpoch() {
        // what every client was told: epoch -> seq -> text
        Map<String, Map<Long, String>> seen = new HashMap<>();
        String epoch;
        WsClient amy = WsClient.connect(nodeA.ws("/broadcast/rewind"));
        WsClient bob = WsClient.connect(nodeB.ws("/broadcast/rewind"));
        try {
            epoch = amy.next("welcome").getString("epoch");
            assertEquals(epoch, bob.next("welcome").getString("epoch"));
            for (int i = 1; i <= 3; i++) {
                amy.send(chat("amy", "m" + i));
            }
            for (WsClient client : List.of(amy, bob)) {
                for (long seq = 1; seq <= 3; seq++) {
                    record(seen, epoch, client.next("chat"));
                }
            }
            assertEquals(Map.of(1L, "m1", 2L, "m2", 3L, "m3"), seen.get(epoch));

            rollBack("rewind", 1);

            for (WsClient client : List.of(amy, bob)) {
                assertEquals(1012, client.awaitClose(), "a member is closed when the seq went back");
                assertEquals("history reset", client.closeReason());
            }
        } finally {
            amy.close();
            bob.close();
        }
        String renamed = redis().hget(Keys.room("rewind"), "epoch");
        assertNotEquals(epoch, renamed, "the history was renamed in Redis");

        try (WsClient amyAgain = WsClient.connect(nodeA.ws("/broadcast/rewind?since=3&epoch=" + epoch));
                WsClient bobAgain = WsClient.connect(nodeB.ws("/broadcast/rewind?since=3&epoch=" + epoch))) {
            for (WsClient client : List.of(amyAgain, bobAgain)) {
                JsonObject welcome = client.next("welcome");
                assertTrue(welcome.getBoolean("truncated"), "the client can tell its seq numbers lost their meaning");
                assertEquals(renamed, welcome.getString("epoch"));
                assertEquals(1, welcome.getJsonNumber("seq").longValue());
                JsonObject replayed = client.nextJson();
                assertEquals("chat", replayed.getString("type"));
                record(seen, renamed, replayed);
            }
            amyAgain.send(chat("amy", "after one"));
            bobAgain.send(chat("bob", "after two"));
            for (WsClient client : List.of(amyAgain, bobAgain)) {
                record(seen, renamed, client.next("chat"));
                record(seen, renamed, client.next("chat"));
            }
            assertEquals(Map.of(1L, "m1", 2L, "m2", 3L, "m3"), seen.get(epoch),
                    "nothing more was said under the old epoch");
            assertEquals("m1", seen.get(renamed).get(1L), "what Redis kept is replayed under the new epoch");
            assertEquals(3, seen.get(renamed).size(), "the new history numbers on from what Redis kept");
            assertTrue(seen.get(renamed).values().containsAll(List.of("after one", "after two")));
            amyAgain.expectNo("chat", Duration.ofMillis(1500)); // a tick of each node at least
            assertFalse(amyAgain.isClosed(), "the renamed history is stable: no second reset");
        }
    }

    /**
     * What Redis restored from an older copy looks like: the room's seq and history end at {@code seq}, under the
     * same epoch. The stream is rebuilt rather than trimmed, since a restored stream's last id is that of the copy
     * (after XDEL, Redis would still refuse ids up to the highest ever added).
     */
    private void rollBack(String room, long seq) {
        redis().eval("""
                local kept = redis.call('XRANGE', KEYS[2], '-', ARGV[1] .. '-0')
                redis.call('DEL', KEYS[2])
                for _, entry in ipairs(kept) do
                  redis.call('XADD', KEYS[2], entry[1], unpack(entry[2]))
                end
                redis.call('HSET', KEYS[1], 'seq', ARGV[1])
                return #kept
                """, ScriptOutputType.INTEGER, new String[] {Keys.room(room), Keys.roomLog(room)}, Long.toString(seq));
    }

    /** Notes a chat message a client got under {@code epoch}, failing if that seq already named another text. */
    private static void record(Map<String, Map<Long, String>> seen, String epoch, JsonObject chat) {
        long seq = chat.getJsonNumber("seq").longValue();
        String text = chat.getString("text");
        String before = seen.computeIfAbsent(epoch, e -> new HashMap<>()).putIfAbsent(seq, text);
        if (before != null) {
            assertEquals(before, text, "seq " + seq + " of epoch " + epoch + " named two messages");
        }
    }

    @Test
    void aMessageRedisRefusesToStoreUsesUpNoSeq() {
        try (WsClient amy = WsClient.connect(nodeA.ws("/broadcast/refused"))) {
            amy.next("welcome");
            amy.send(chat("amy", "one"));
            assertEquals(1, amy.next("chat").getJsonNumber("seq").longValue());
            // a history ahead of the room's seq (only a damaged copy of Redis has one): Redis refuses the XADD
            redis().xadd(Keys.roomLog("refused"), new XAddArgs().id("9-0"), Map.of("m", "{}"));
            amy.send(chat("amy", "refused"));
            assertEquals("unavailable", amy.next("error").getString("code"));
            assertEquals("1", redis().hget(Keys.room("refused"), "seq"), "the refused message took no number");
            redis().del(Keys.roomLog("refused")); // (XDEL would leave the stream's top id at 9-0)
            amy.send(chat("amy", "two"));
            JsonObject two = amy.next("chat");
            assertEquals("two", two.getString("text"));
            assertEquals(2, two.getJsonNumber("seq").longValue(), "the next message is numbered right after one");
        }
    }
}
