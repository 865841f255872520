package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ServerMessageEncoder encoder = new ServerMessageEncoder();
    private final RelaySendDecoder relay = new RelaySendDecoder();
    private final ChatPostDecoder chat = new ChatPostDecoder();

    @Test
    void serverMessagesEncodeWithTypeFirstAndWithoutNulls() throws Exception {
        assertEquals("{\"type\":\"welcome\",\"id\":\"7\",\"peers\":[\"3\",\"5\"]}",
                encoder.encodeToJson(new RelayWelcome("7", null, List.of("3", "5"))));
        assertEquals("{\"type\":\"welcome\",\"id\":\"7\",\"user\":\"amy\",\"peers\":[]}",
                encoder.encodeToJson(new RelayWelcome("7", "amy", List.of())));
        assertEquals("{\"type\":\"joined\",\"id\":\"7\"}", encoder.encodeToJson(new PeerJoined("7", null)));
        assertEquals("{\"type\":\"left\",\"id\":\"7\"}", encoder.encodeToJson(new PeerLeft("7", null)));
        assertEquals("{\"type\":\"message\",\"from\":\"7\",\"text\":\"hi\"}", encoder.encodeToJson(new DirectMessage("7", null, "hi")));
        assertEquals("{\"type\":\"message\",\"from\":\"7\",\"user\":\"amy\",\"text\":\"hi\"}",
                encoder.encodeToJson(new DirectMessage("7", "amy", "hi")));
        assertEquals("{\"type\":\"ack\",\"ref\":\"r\"}", encoder.encodeToJson(new Ack("r")));
        assertEquals("{\"type\":\"error\",\"code\":\"bad-json\",\"message\":\"m\"}",
                encoder.encodeToJson(new ErrorReply("bad-json", "m", null)));
        assertEquals("{\"type\":\"welcome\",\"room\":\"lobby\",\"seq\":41,\"members\":12}",
                encoder.encodeToJson(new RoomWelcome("lobby", 41, 12, false)));
        assertEquals("{\"type\":\"welcome\",\"room\":\"lobby\",\"seq\":41,\"members\":12,\"truncated\":true}",
                encoder.encodeToJson(new RoomWelcome("lobby", 41, 12, true)));
        assertEquals("{\"type\":\"chat\",\"room\":\"lobby\",\"seq\":42,\"username\":\"amy\",\"text\":\"hi\","
                + "\"time\":\"2026-11-22T10:15:30.123Z\"}",
                encoder.encodeToJson(new ChatMessage("lobby", 42, "amy", "hi", "2026-11-22T10:15:30.123Z")));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"members\":13}", encoder.encodeToJson(new Presence("lobby", 13)));
    }

    @Test
    void aChatMessageNumberedAfterEncodingIsExactlyTheRecordsJson() throws Exception {
        String time = "2026-11-22T10:15:30.123Z";
        for (String text : List.of("hi", "quote \" backslash \\ newline \n tab \t", "\u00e9\u4e2d\ud83d\ude00", "\u0001</script>")) {
            for (String username : java.util.Arrays.asList("amy", "\"x\"", null)) {
                assertEquals(encoder.encodeToJson(new ChatMessage("room-1", 987654321L, username, text, time)),
                        ChatMessage.unnumbered("room-1", username, text, time).numbered(987654321L));
            }
        }
    }

    @Test
    void textIsEscapedNotInterpreted() throws Exception {
        assertEquals("{\"type\":\"message\",\"from\":\"1\",\"text\":\"\\\"quoted\\\" \\\\ <script>\\n\"}",
                encoder.encodeToJson(new DirectMessage("1", null, "\"quoted\" \\ <script>\n")));
    }

    @Test
    void relayDecodesJsonAndIgnoresAClientFrom() throws Exception {
        RelaySend send = relay.decode("{\"type\":\"send\",\"to\":\"3\",\"text\":\"hi\",\"ref\":\"r1\",\"from\":\"666\"}");
        assertEquals(new RelaySend("send", "3", "hi", "r1"), send);
    }

    @Test
    void relayDecodesThePlainIdColonTextForm() throws Exception {
        assertEquals(new RelaySend("send", "3", "hi: there", null), relay.decode("3:hi: there"));
        assertEquals(new RelaySend("send", "3", "", null), relay.decode("3:"));
        assertEquals(ErrorCode.BAD_JSON, assertThrows(ProtocolError.class, () -> relay.decode(":no id")).code());
        assertEquals(ErrorCode.BAD_JSON, assertThrows(ProtocolError.class, () -> relay.decode("nothing")).code());
    }

    @Test
    void relayNeedsTypeSend() {
        assertEquals(ErrorCode.UNKNOWN_TYPE,
                assertThrows(ProtocolError.class, () -> relay.decode("{\"to\":\"3\",\"text\":\"x\"}")).code());
        assertEquals(ErrorCode.UNKNOWN_TYPE,
                assertThrows(ProtocolError.class, () -> relay.decode("{\"type\":\"chat\",\"to\":\"3\"}")).code());
    }

    @Test
    void chatDecodesTheTutorialShapeWithOrWithoutType() throws Exception {
        assertEquals(new ChatPost(null, "amy", "hi"), chat.decode("{\"username\":\"amy\",\"text\":\"hi\"}"));
        assertEquals(new ChatPost("chat", "amy", "hi"), chat.decode(" {\"type\":\"chat\",\"username\":\"amy\",\"text\":\"hi\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE,
                assertThrows(ProtocolError.class, () -> chat.decode("{\"type\":\"x\",\"username\":\"a\"}")).code());
    }

    @Test
    void malformedInputIsBadJson() {
        for (String bad : List.of("", "   ", "null", "42", "[]", "\"s\"", "{", "{\"username\":}", "{\"username\":\"a\"",
                "{\"username\":{\"nested\":true},\"text\":\"x\"}", "{\"text\":[\"a\"]}", "{}" + "}",
                "{\"text\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
            ProtocolError error = assertThrows(ProtocolError.class, () -> chat.decode(bad), bad);
            assertEquals(ErrorCode.BAD_JSON, error.code(), bad);
        }
    }

    @Test
    void malformedArraysInUnknownFieldsAreRejectedNotLoopedOn() {
        // Parsson 1.1 loops forever skipping these; the decoder must never hand them to the binder.
        for (String bad : List.of("{\"extra\":[}", "{\"extra\":[1,}", "{\"extra\":[1,\"text\":\"a\"}",
                "{\"extra\":[\"\"", "{\"extra\":[{}", "{\"extra\":[{\"a\":}]}")) {
            ProtocolError error = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(ProtocolError.class, () -> relay.decode(bad)), bad);
            assertEquals(ErrorCode.BAD_JSON, error.code(), bad);
        }
    }

    @Test
    void validationNamesTheField() {
        ProtocolError missing = assertThrows(ProtocolError.class, () -> new ChatPost(null, "a", null).validated(10, true));
        assertEquals(ErrorCode.INVALID_FIELD, missing.code());
        assertEquals("field 'text' is required", missing.getMessage());
        assertEquals("field 'username' is longer than 64 characters", assertThrows(ProtocolError.class,
                () -> new ChatPost(null, "u".repeat(65), "x").validated(10, true)).getMessage());
        assertEquals("field 'text' is longer than 10 characters", assertThrows(ProtocolError.class,
                () -> new RelaySend("send", "1", "t".repeat(11), null).validated(10)).getMessage());
        assertEquals("field 'to' is required", assertThrows(ProtocolError.class,
                () -> new RelaySend("send", " ", "t", null).validated(10)).getMessage());
    }

    @Test
    void limitsCountCharactersNotUtf16Units() throws Exception {
        String emoji = "🚀".repeat(10);
        assertEquals(emoji, new ChatPost(null, "a", emoji).validated(10, true).text());
    }

    @Test
    void withAuthenticationTheUsernameIsNotRequired() throws Exception {
        assertEquals("x", new ChatPost(null, null, "x").validated(10, false).text());
        assertThrows(ProtocolError.class, () -> new ChatPost(null, null, "x").validated(10, true));
    }

    @Test
    void anErrorBecomesAReplyCarryingTheRef() {
        ErrorReply reply = new ProtocolError(ErrorCode.INVALID_FIELD, "m").toReply("r9");
        assertEquals(new ErrorReply("error", "invalid-field", "m", "r9"), reply);
        assertNull(new ProtocolError(ErrorCode.BAD_JSON, "m").toReply(null).ref());
    }
}
