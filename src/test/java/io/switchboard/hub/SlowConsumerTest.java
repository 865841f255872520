package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlowConsumerTest {
    private static final int QUEUE = 16;
    private static final int MESSAGES = 2000;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            TestServer.unthrottled(Map.of(SwitchboardConfig.SEND_QUEUE_MAX, String.valueOf(QUEUE))));

    @Test
    void aSubscriberThatStopsReadingIsClosed1008WhileTheOthersGetEveryMessageInOrder() throws Exception {
        String text = "x".repeat(4000);
        try (WsClient publisher = WsClient.connect(server.ws("broadcast/storm"));
                WsClient reader = WsClient.connect(server.ws("broadcast/storm"));
                RawWebSocket stuck = RawWebSocket.connect(server, "broadcast/storm", Map.of(), 4096)) {
            publisher.next("welcome");
            reader.next("welcome");
            Wait.until("three members", () -> server.app().broker().describe("storm").members() == 3);

            Thread sender = new Thread(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.send("{\"username\":\"pub\",\"text\":\"" + i + text + "\"}");
                }
            });
            sender.start();
            for (int i = 0; i < MESSAGES; i++) {
                JsonObject chat = reader.next("chat");
                assertEquals(i + 1, chat.getJsonNumber("seq").longValue());
                assertEquals(i + text, chat.getString("text"));
            }
            sender.join(Duration.ofSeconds(30).toMillis());

            Wait.until("the stuck one is counted as a slow consumer",
                    () -> server.app().peers().counters().slowConsumerCloses() == 1);
            assertEquals(2, server.app().broker().describe("storm").members());
            assertEquals(1008, stuck.awaitClose(Duration.ofSeconds(30)));
        }
    }
}
