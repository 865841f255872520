package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoEndpointTest {
    private static final int LIMIT = 1024;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            TestServer.unthrottled(Map.of(SwitchboardConfig.MAX_MESSAGE_BYTES, String.valueOf(LIMIT))));

    @Test
    void textComesBackUnchanged() {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("hello, switchboard ü 🚀");
            assertEquals("hello, switchboard ü 🚀", client.nextText());
        }
    }

    @Test
    void binaryComesBackAsBinary() {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            byte[] bytes = {0, 1, 2, (byte) 0xFF, 42};
            client.sendBinary(ByteBuffer.wrap(bytes));
            Object frame = client.next();
            assertEquals(ByteBuffer.wrap(bytes), frame);
        }
    }

    @Test
    void manyMessagesComeBackInOrder() {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            for (int i = 0; i < 500; i++) {
                client.send("m" + i);
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("m" + i, client.nextText());
            }
        }
    }

    @Test
    void messageOverTheLimitClosesWith1009AndOthersGoOn() {
        try (WsClient bystander = WsClient.connect(server.ws("echo"));
                WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("x".repeat(LIMIT + 1));
            assertEquals(1009, client.awaitClose());
            bystander.send("still here");
            assertEquals("still here", bystander.nextText());
        }
    }

    @Test
    void messageAtTheLimitIsEchoed() {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("é".repeat(LIMIT / 2));
            assertEquals("é".repeat(LIMIT / 2), client.nextText());
        }
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server, "echo")) {
            byte[] part = "y".repeat(LIMIT / 2).getBytes(StandardCharsets.UTF_8);
            raw.send(RawWebSocket.TEXT, part, false);
            raw.send(RawWebSocket.CONTINUATION, part, false);
            raw.send(RawWebSocket.CONTINUATION, part, false);
            assertEquals(1009, raw.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server, "echo")) {
            raw.send(RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}, true);
            assertEquals(1007, raw.awaitClose(Duration.ofSeconds(10)));
        }
    }
}
