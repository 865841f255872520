package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random frames sent to the real message handlers over one connection each: every frame gets exactly one reply,
 * a chat (or message) or an error with a documented code, and the connection stays open throughout.
 */
class HandlerProperties {
    private static final Set<String> CODES = Set.of("bad-json", "unknown-type", "invalid-field", "unknown-recipient");
    private static TestServer server;
    private static WsClient chat;
    private static WsClient relay;

    @BeforeContainer
    static void start() {
        server = TestServer.start(TestServer.unthrottled(Map.of()));
        chat = WsClient.connect(server.ws("broadcast/props"));
        chat.next("welcome");
        relay = WsClient.connect(server.ws("relay"));
        relay.next("welcome");
    }

    @AfterContainer
    static void stop() {
        chat.close();
        relay.close();
        server.close();
    }

    @Property(tries = 300)
    void everyChatFrameGetsOneChatOrOneDocumentedError(@ForAll("frames") String frame) {
        chat.send(frame);
        JsonObject reply = chat.nextJson();
        String type = reply.getString("type");
        if (type.equals("error")) {
            assertTrue(CODES.contains(reply.getString("code")), reply.toString());
        } else {
            assertEquals("chat", type, reply.toString());
        }
        assertFalse(chat.isClosed());
        assertEquals(0, chat.pending(), "exactly one reply");
    }

    @Property(tries = 300)
    void everyRelayFrameGetsOneDocumentedError(@ForAll("frames") String frame) {
        relay.send(frame);
        JsonObject reply = relay.nextJson();
        assertEquals("error", reply.getString("type"), reply.toString());
        assertTrue(CODES.contains(reply.getString("code")), reply.toString());
        assertFalse(relay.isClosed());
        assertEquals(0, relay.pending(), "exactly one reply");
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.of(
                "{", "}", "{}", "[]", "null", "{\"username\":\"a\",\"text\":\"b\"}",
                "{\"username\":\"a\",\"text\":\"b\",\"type\":\"chat\",\"extra\":[1,{\"x\":null}]}",
                "{\"username\":123,\"text\":true}", "{\"username\":\"a\",\"text\":1e999}",
                "{\"type\":\"send\",\"to\":\"nobody\",\"text\":\"x\"}", "nobody:hi", ":", "{\"type\":null}",
                "{\"username\":\"" + "u".repeat(100) + "\",\"text\":\"x\"}",
                "{\"username\":\"a\",\"text\":\"" + "t".repeat(5000) + "\"}");
        Arbitrary<String> prefixed = text.map(t -> "{\"username\":\"p\",\"text\":" + t);
        return Arbitraries.oneOf(text, jsonish, prefixed)
                .filter(frame -> !frame.isEmpty()); // an empty frame is a valid no-op for neither
    }
}
