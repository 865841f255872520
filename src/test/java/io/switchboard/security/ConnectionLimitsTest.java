package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection caps on a real Tomcat: refusals are HTTP statuses at the handshake, and nothing else changes. */
class ConnectionLimitsTest {

    @Test
    void aThousandConnectionsFromOneAddressGetTheDefault256AndThenRefusals429() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of())) {
            List<RawWebSocket> open = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < 1000; i++) {
                    RawWebSocket raw = RawWebSocket.connect(tomcat, "echo");
                    if (raw.status() == 101) {
                        open.add(raw);
                    } else {
                        assertEquals(429, raw.status());
                        raw.close();
                        refused++;
                    }
                }
                assertEquals(256, open.size());
                assertEquals(744, refused);
                open.get(0).sendText("still served");
                assertEquals("still served", open.get(0).read(java.time.Duration.ofSeconds(5)).text());
            } finally {
                open.forEach(RawWebSocket::close);
            }
            Wait.until("every slot is free again",
                    () -> tomcat.app().connectionLimits().openFrom("127.0.0.1") == 0);
            assertEquals(0, tomcat.app().connectionLimits().addresses(), "no per-address state is kept");
            try (WsClient again = WsClient.connect(tomcat.ws("echo"))) {
                again.send("back");
                assertEquals("back", again.nextText());
            }
        }
    }

    @Test
    void overTheTotalTheHandshakeIsRefused503() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.maxConnections", "3"))) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(WsClient.connect(tomcat.ws("echo")));
                }
                try (RawWebSocket fourth = RawWebSocket.connect(tomcat, "relay")) {
                    assertEquals(503, fourth.status());
                }
                clients.get(0).send("unaffected");
                assertEquals("unaffected", clients.get(0).nextText());
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }
}
