package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {
    private static final int PER_SECOND = 10;
    private static final int BURST = 10;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            SwitchboardConfig.RATE_LIMIT_PER_SECOND, String.valueOf(PER_SECOND),
            SwitchboardConfig.RATE_LIMIT_BURST, String.valueOf(BURST)));

    @Test
    void overTheBurstMessagesAreDroppedWithARateLimitedError() {
        try (WsClient amy = WsClient.connect(server.ws("broadcast/rate"))) {
            amy.next("welcome");
            for (int i = 0; i < BURST + 5; i++) {
                amy.send("{\"username\":\"amy\",\"text\":\"m" + i + "\"}");
            }
            List<String> chats = new ArrayList<>();
            int limited = 0;
            for (int i = 0; i < BURST + 5; i++) {
                JsonObject reply = amy.nextJson();
                if ("chat".equals(reply.getString("type"))) {
                    chats.add(reply.getString("text"));
                } else {
                    assertEquals("rate-limited", reply.getString("code"));
                    limited++;
                }
            }
            assertEquals(BURST, chats.size(), "the burst is accepted");
            assertEquals(5, limited, "the rest is dropped, each with an error");
            assertEquals("m0", chats.get(0));
        }
    }

    @Test
    void theBucketRefillsAtTheSustainedRate() throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            for (int i = 0; i < BURST; i++) {
                client.send("x" + i);
                client.nextText();
            }
            Thread.sleep(1000 / PER_SECOND * 3);
            client.send("after refill");
            assertEquals("after refill", client.nextText());
        }
    }

    @Test
    void aClientFloodingAtTenTimesTheLimitIsClosed1008() {
        try (WsClient flooder = WsClient.connect(server.ws("echo"));
                WsClient bystander = WsClient.connect(server.ws("echo"))) {
            for (int i = 0; i < PER_SECOND * RateLimiter.FLOOD_FACTOR * 5 + 10 && !flooder.isClosed(); i++) {
                flooder.send("flood");
            }
            assertEquals(1008, flooder.awaitClose());
            assertEquals("rate limit exceeded", flooder.closeReason());
            bystander.send("fine");
            assertEquals("fine", bystander.nextText());
        }
    }
}
