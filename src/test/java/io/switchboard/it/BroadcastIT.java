package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /broadcast} on the real server: rooms, seq order, {@code since} replay and the bad-json error. */
class BroadcastIT extends DeployedSwitchboard {

    /** A room of its own for each test, so tests never see each other's messages. */
    private static String freshRoom() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Connects to {@code room}; the server has taken the client in once its welcome arrived. */
    private WsClient connect(String room, String query) {
        return WsClient.connect(server().ws("broadcast/" + room + query));
    }

    /** Connects and takes the welcome, so the client is a member when this returns. */
    private WsClient join(String room) {
        WsClient client = connect(room, "");
        JsonObject welcome = client.nextJson();
        assertEquals("welcome", welcome.getString("type"), "the first frame is the welcome: " + welcome);
        assertEquals(room, welcome.getString("room"));
        return client;
    }

    private static String chat(String username, String text) {
        return Json.createObjectBuilder().add("username", username).add("text", text).build().toString();
    }

    /** The next chat message, skipping presence notices (whose timing depends on who joins when). */
    private static JsonObject nextChat(WsClient client) {
        return client.next("chat");
    }

    @Test
    void everyMemberGetsEveryMessageInSeqOrder() {
        String room = freshRoom();
        try (WsClient amy = join(room); WsClient bob = join(room); WsClient cat = connect(room, "")) {
            JsonObject welcome = cat.nextJson();
            assertEquals("welcome", welcome.getString("type"));
            assertEquals(3, welcome.getInt("members"), "the third member's welcome counts three");
            long start = welcome.getJsonNumber("seq").longValue();

            int perSender = 10;
            for (int i = 0; i < perSender; i++) {
                amy.send(chat("amy", "a" + i));
                bob.send(chat("bob", "b" + i));
            }
            List<List<String>> seen = new ArrayList<>();
            for (WsClient member : List.of(amy, bob, cat)) {
                List<String> lines = new ArrayList<>();
                int nextA = 0;
                int nextB = 0;
                for (int n = 1; n <= 2 * perSender; n++) {
                    JsonObject message = nextChat(member);
                    assertEquals(room, message.getString("room"));
                    assertEquals(start + n, message.getJsonNumber("seq").longValue(), "seq rises by one per message");
                    assertNotNull(Instant.parse(message.getString("time")), "time is an ISO-8601 instant");
                    String username = message.getString("username");
                    String text = message.getString("text");
                    if (username.equals("amy")) {
                        assertEquals("a" + nextA++, text, "amy's messages keep their order");
                    } else {
                        assertEquals("bob", username);
                        assertEquals("b" + nextB++, text, "bob's messages keep their order");
                    }
                    lines.add(message.getJsonNumber("seq") + " " + username + " " + text);
                }
                seen.add(lines);
            }
            assertEquals(seen.get(0), seen.get(1), "amy and bob saw the same sequence");
            assertEquals(seen.get(0), seen.get(2), "amy and cat saw the same sequence");
        }
    }

    @Test
    void messagesStayInTheirRoom() {
        String room = freshRoom();
        String other = freshRoom();
        try (WsClient amy = join(room); WsClient outsider = join(other)) {
            amy.send(chat("amy", "only for " + room));
            assertEquals("only for " + room, nextChat(amy).getString("text"));
            // Amy's message is out; had it leaked, it would reach the outsider before the outsider's own.
            outsider.send(chat("outsider", "mine"));
            JsonObject first = nextChat(outsider);
            assertEquals(other, first.getString("room"));
            assertEquals("mine", first.getString("text"));
        }
    }

    @Test
    void sinceReplaysMissedMessagesInOrderBeforeLiveOnes() {
        String room = freshRoom();
        try (WsClient amy = connect(room, "")) {
            long start = amy.next("welcome").getJsonNumber("seq").longValue();
            for (int i = 1; i <= 5; i++) {
                amy.send(chat("amy", "m" + i));
            }
            for (int i = 1; i <= 5; i++) {
                assertEquals("m" + i, nextChat(amy).getString("text"));
            }
            long since = start + 2; // has seen m1 and m2

            try (WsClient late = connect(room, "?since=" + since)) {
                JsonObject welcome = late.nextJson();
                assertEquals("welcome", welcome.getString("type"), "welcome comes first, then the replay");
                assertEquals(start + 5, welcome.getJsonNumber("seq").longValue(), "welcome carries the latest seq");
                assertFalse(welcome.getBoolean("truncated", false), "nothing was dropped from history");
                for (int i = 3; i <= 5; i++) {
                    JsonObject replayed = nextChat(late);
                    assertEquals(start + i, replayed.getJsonNumber("seq").longValue());
                    assertEquals("m" + i, replayed.getString("text"));
                }
                amy.send(chat("amy", "live"));
                JsonObject live = nextChat(late);
                assertEquals(start + 6, live.getJsonNumber("seq").longValue());
                assertEquals("live", live.getString("text"));
            }
        }
    }

    @Test
    void presenceFollowsJoinsAndLeaves() {
        String room = freshRoom();
        try (WsClient amy = connect(room, "")) {
            assertEquals(1, amy.next("welcome").getInt("members"));
            WsClient bob = join(room);
            amy.nextMatching(json -> isPresence(json, room, 2));
            bob.close();
            amy.nextMatching(json -> isPresence(json, room, 1));
        }
    }

    private static boolean isPresence(JsonObject json, String room, int members) {
        return "presence".equals(json.getString("type", null)) && room.equals(json.getString("room", null))
                && json.getInt("members", -1) == members;
    }

    @Test
    void lobbyIsTheDefaultRoom() {
        try (WsClient amy = WsClient.connect(server().ws("broadcast"))) {
            JsonObject welcome = amy.next("welcome");
            assertEquals("lobby", welcome.getString("room"));
            amy.send("{\"type\":\"chat\",\"username\":\"amy\",\"text\":\"hello lobby\"}");
            JsonObject message = nextChat(amy);
            assertEquals("lobby", message.getString("room"));
            assertEquals("hello lobby", message.getString("text"));
        }
    }

    @Test
    void badJsonGetsAnErrorReplyAndTheConnectionStaysOpen() {
        String room = freshRoom();
        try (WsClient amy = join(room)) {
            amy.send("{this is not json");
            JsonObject error = amy.next("error");
            assertEquals("bad-json", error.getString("code"));
            assertFalse(error.getString("message").isBlank(), "the error explains itself");

            amy.send(chat("amy", "after the error"));
            assertEquals("after the error", nextChat(amy).getString("text"));
            assertFalse(amy.isClosed(), "an error reply does not close the connection");
        }
    }
}
