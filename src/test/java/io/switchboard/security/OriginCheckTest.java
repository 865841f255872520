package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OriginCheckTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            Map.of(SwitchboardConfig.ALLOWED_ORIGINS, "https://chat.example.com"));

    @Test
    void originNotOnTheListIsRefusedWith403() {
        for (String path : List.of("echo", "relay", "broadcast", "broadcast/x")) {
            try (RawWebSocket raw = RawWebSocket.connect(server, path,
                    Map.of("Origin", "https://evil.example"), 0)) {
                assertEquals(403, raw.status(), path);
            }
        }
    }

    @Test
    void originOnTheListIsAllowed() {
        try (WsClient client = WsClient.connect(server.ws("echo"), Map.of("Origin", "https://chat.example.com"))) {
            client.send("hi");
            assertEquals("hi", client.nextText());
        }
    }

    @Test
    void aClientWithoutOriginIsAllowed() {
        try (WsClient client = WsClient.connect(server.ws("relay"))) {
            assertEquals("welcome", client.nextJson().getString("type"));
        }
    }
}
