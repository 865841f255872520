package io.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoomLimitsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            Map.of(SwitchboardConfig.MAX_ROOMS, "2", SwitchboardConfig.ROOM_IDLE_SECONDS, "1"));

    @Test
    void aNewRoomBeyondTheLimitIsClosed1013WhileExistingRoomsStillJoin() {
        try (WsClient a = WsClient.connect(server.ws("broadcast/limit-a"));
                WsClient b = WsClient.connect(server.ws("broadcast/limit-b"))) {
            a.next("welcome");
            b.next("welcome");
            try (WsClient third = WsClient.connect(server.ws("broadcast/limit-c"))) {
                assertEquals(1013, third.awaitClose());
                assertEquals("room limit reached", third.closeReason());
            }
            try (WsClient again = WsClient.connect(server.ws("broadcast/limit-a"))) {
                assertEquals(2, again.next("welcome").getInt("members"));
            }
        }
    }

    @Test
    void anEmptyIdleRoomIsRemovedWithItsHistory() {
        Wait.until("rooms of other tests retired", () -> server.app().broker().rooms() == 0);
        try (WsClient amy = WsClient.connect(server.ws("broadcast/idle"))) {
            amy.next("welcome");
            amy.send("{\"username\":\"amy\",\"text\":\"before\"}");
            amy.next("chat");
        }
        Wait.until("the idle room is gone", () -> server.app().broker().describe("idle") == null);
        try (WsClient back = WsClient.connect(server.ws("broadcast/idle?since=0"))) {
            assertEquals(0, back.next("welcome").getJsonNumber("seq").longValue(), "a fresh room");
        }
    }
}
