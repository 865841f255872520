package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BroadcastEndpointTest {
    private static final int HISTORY = 5;
    private static final AtomicInteger ROOMS = new AtomicInteger();
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            Map.of(SwitchboardConfig.HISTORY_SIZE, String.valueOf(HISTORY)));

    /** A room no other test uses, so seqs start at 1. */
    private static String freshRoom() {
        return "room-" + ROOMS.incrementAndGet();
    }

    private static WsClient join(String room) {
        return join(room, "");
    }

    private static WsClient join(String room, String query) {
        WsClient client = WsClient.connect(server.ws("broadcast/" + room + query));
        JsonObject welcome = client.nextJson();
        assertEquals("welcome", welcome.getString("type"), "the first frame is the welcome");
        return client;
    }

    private static void chat(WsClient client, String username, String text) {
        client.send("{\"username\":\"" + username + "\",\"text\":\"" + text + "\"}");
    }

    @Test
    void everyoneInTheRoomIncludingTheSenderGetsTheMessageAndNoOtherRoomDoes() {
        String room = freshRoom();
        try (WsClient amy = join(room); WsClient bob = join(room); WsClient other = join(freshRoom())) {
            chat(amy, "amy", "hi all");
            for (WsClient member : List.of(amy, bob)) {
                JsonObject chat = member.next("chat");
                assertEquals(room, chat.getString("room"));
                assertEquals(1, chat.getJsonNumber("seq").longValue());
                assertEquals("amy", chat.getString("username"));
                assertEquals("hi all", chat.getString("text"));
                Instant.parse(chat.getString("time"));
                assertTrue(chat.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            }
            other.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void lobbyIsTheDefaultRoomAndTypeChatIsOptional() {
        try (WsClient plain = WsClient.connect(server.ws("broadcast"));
                WsClient named = WsClient.connect(server.ws("broadcast/lobby"))) {
            assertEquals("lobby", plain.next("welcome").getString("room"));
            named.next("welcome");
            plain.send("{\"type\":\"chat\",\"username\":\"amy\",\"text\":\"typed\"}");
            assertEquals("typed", named.next("chat").getString("text"));
            named.send("{\"username\":\"bob\",\"text\":\"untyped\"}");
            assertEquals("untyped", plain.nextMatching(j -> "untyped".equals(j.getString("text", null)))
                    .getString("text"));
        }
    }

    @Test
    void seqIncreasesByOneInOrder() {
        String room = freshRoom();
        try (WsClient amy = join(room)) {
            for (int i = 0; i < 20; i++) {
                chat(amy, "amy", "m" + i);
            }
            for (int i = 0; i < 20; i++) {
                JsonObject chat = amy.next("chat");
                assertEquals(i + 1, chat.getJsonNumber("seq").longValue());
                assertEquals("m" + i, chat.getString("text"));
            }
        }
    }

    @Test
    void welcomeCarriesLatestSeqAndMemberCountAndPresenceFollowsJoinsAndLeaves() {
        String room = freshRoom();
        try (WsClient amy = join(room)) {
            chat(amy, "amy", "one");
            amy.next("chat");
            WsClient bob = WsClient.connect(server.ws("broadcast/" + room));
            JsonObject welcome = bob.nextJson();
            assertEquals(1, welcome.getJsonNumber("seq").longValue());
            assertEquals(2, welcome.getInt("members"));
            assertFalse(welcome.containsKey("truncated"));
            assertEquals(2, amy.next("presence").getInt("members"));
            bob.close();
            assertEquals(1, amy.next("presence").getInt("members"));
        }
    }

    @Test
    void sinceReplaysRetainedMessagesInOrderBeforeLiveOnes() {
        String room = freshRoom();
        try (WsClient amy = join(room)) {
            for (int i = 1; i <= 4; i++) {
                chat(amy, "amy", "m" + i);
            }
            for (int i = 1; i <= 4; i++) {
                amy.next("chat");
            }
            try (WsClient late = WsClient.connect(server.ws("broadcast/" + room + "?since=2"))) {
                JsonObject welcome = late.nextJson();
                assertEquals("welcome", welcome.getString("type"));
                assertFalse(welcome.containsKey("truncated"));
                assertEquals(3, late.nextJson().getJsonNumber("seq").longValue());
                assertEquals(4, late.nextJson().getJsonNumber("seq").longValue());
                chat(amy, "amy", "live");
                JsonObject live = late.next("chat");
                assertEquals(5, live.getJsonNumber("seq").longValue());
                assertEquals("live", live.getString("text"));
            }
        }
    }

    @Test
    void sinceBeyondHistorySaysTruncated() {
        String room = freshRoom();
        try (WsClient amy = join(room)) {
            for (int i = 1; i <= HISTORY + 3; i++) {
                chat(amy, "amy", "m" + i);
                amy.next("chat");
            }
            try (WsClient late = WsClient.connect(server.ws("broadcast/" + room + "?since=1"))) {
                JsonObject welcome = late.nextJson();
                assertTrue(welcome.getBoolean("truncated"));
                assertEquals(HISTORY + 3, welcome.getJsonNumber("seq").longValue());
                assertEquals(4, late.nextJson().getJsonNumber("seq").longValue(), "oldest retained first");
            }
            try (WsClient current = WsClient.connect(server.ws("broadcast/" + room + "?since=" + (HISTORY + 3)))) {
                JsonObject welcome = current.nextJson();
                assertFalse(welcome.containsKey("truncated"));
                current.expectNo("chat", Duration.ofMillis(200)); // a late presence (the late client leaving) is fine
            }
        }
    }

    @Test
    void eachBadInputGetsItsErrorCodeAndTheConnectionStaysOpen() {
        try (WsClient amy = join(freshRoom())) {
            assertError(amy, "not json", "bad-json");
            assertError(amy, "{\"username\":", "bad-json");
            assertError(amy, "\"just a string\"", "bad-json");
            assertError(amy, "{\"username\":[1],\"text\":\"x\"}", "bad-json");
            assertError(amy, "{\"type\":\"send\",\"username\":\"a\",\"text\":\"x\"}", "unknown-type");
            assertError(amy, "{\"text\":\"x\"}", "invalid-field");
            assertError(amy, "{\"username\":\"amy\"}", "invalid-field");
            assertError(amy, "{\"username\":\"" + "u".repeat(65) + "\",\"text\":\"x\"}", "invalid-field");
            assertError(amy, "{\"username\":\"amy\",\"text\":\"" + "t".repeat(4097) + "\"}", "invalid-field");
            chat(amy, "amy", "still fine");
            assertEquals("still fine", amy.next("chat").getString("text"));
        }
    }

    @Test
    void invalidRoomNamesAndSinceAreRefusedWith1008() throws Exception {
        for (String path : List.of("broadcast/" + "r".repeat(65), "broadcast/bad%00name", "broadcast/sp%20ace",
                "broadcast/ok?since=-1", "broadcast/ok?since=abc")) {
            try (RawWebSocket raw = RawWebSocket.connect(server, path)) {
                if (raw.status() == 101) {
                    assertEquals(1008, raw.awaitClose(Duration.ofSeconds(5)), path);
                } else {
                    assertTrue(raw.status() >= 400 && raw.status() < 500, path + " -> " + raw.status());
                }
            }
        }
    }

    @Test
    void binaryFrameClosesWith1003() {
        try (WsClient amy = join(freshRoom())) {
            amy.sendBinary(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1003, amy.awaitClose());
        }
    }

    @Test
    void fiftyClientsPublishingConcurrentlyEachReceiveAllTwoHundredInSeqOrder() throws Exception {
        String room = freshRoom();
        int clients = 50;
        int perClient = 4;
        List<WsClient> members = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                members.add(join(room));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                WsClient member = members.get(i);
                String name = "u" + i;
                sends.add(pool.submit(() -> {
                    for (int m = 0; m < perClient; m++) {
                        chat(member, name, name + "-" + m);
                    }
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            pool.shutdown();
            int total = clients * perClient;
            for (WsClient member : members) {
                Map<String, Integer> lastPerSender = new java.util.HashMap<>();
                for (int seq = 1; seq <= total; seq++) {
                    JsonObject chat = member.next("chat");
                    assertEquals(seq, chat.getJsonNumber("seq").longValue(), "no gap, no reorder");
                    String[] parts = chat.getString("text").split("-");
                    int previous = lastPerSender.getOrDefault(parts[0], -1);
                    assertEquals(previous + 1, Integer.parseInt(parts[1]), "each sender's messages in its order");
                    lastPerSender.put(parts[0], previous + 1);
                }
            }
        } finally {
            members.forEach(WsClient::close);
        }
    }

    private static void assertError(WsClient client, String frame, String code) {
        client.send(frame);
        JsonObject error = client.next("error");
        assertEquals(code, error.getString("code"), "for " + frame);
    }
}
