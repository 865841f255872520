package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.WsClient;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@code /echo} on the real server: every text and binary message comes back unchanged, same frame type. */
class EchoIT extends DeployedSwitchboard {

    @Test
    void textComesBackUnchanged() {
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            client.send("hello");
            assertEquals("hello", client.nextText());
            String unicode = "grüße, 你好, \uD83D\uDE80 {\"not\":\"parsed\"}";
            client.send(unicode);
            assertEquals(unicode, client.nextText());
        }
    }

    @Test
    void largeTextComesBackWhole() {
        String large = "0123456789abcdef".repeat(2048); // 32 KiB: several frames' worth on every server
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            client.send(large);
            assertEquals(large, client.nextText());
        }
    }

    @Test
    void binaryComesBackAsBinary() {
        byte[] bytes = new byte[1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            client.sendBinary(ByteBuffer.wrap(bytes));
            ByteBuffer echoed = assertInstanceOf(ByteBuffer.class, client.next(), "a binary frame comes back");
            byte[] received = new byte[echoed.remaining()];
            echoed.get(received);
            assertArrayEquals(bytes, received);
        }
    }

    @Test
    void messagesComeBackInOrder() {
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            for (int i = 0; i < 50; i++) {
                client.send("message " + i);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("message " + i, client.nextText());
            }
        }
    }
}
