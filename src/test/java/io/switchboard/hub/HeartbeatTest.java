package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final int INTERVAL_SECONDS = 1;
    private static final int MAX_MISSED = 3;
    /** interval x (maxMissed + 1) plus one tick, plus slack for a loaded CI machine. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(INTERVAL_SECONDS * (MAX_MISSED + 1) + 1 + 3);

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of(SwitchboardConfig.HEARTBEAT_INTERVAL, String.valueOf(INTERVAL_SECONDS),
                SwitchboardConfig.HEARTBEAT_MAX_MISSED, String.valueOf(MAX_MISSED)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPingArrivesEveryInterval() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server, "echo")) {
            RawWebSocket.Frame frame = raw.read(Duration.ofSeconds(INTERVAL_SECONDS * 3L));
            assertEquals(RawWebSocket.PING, frame.opcode());
        }
    }

    @Test
    void aClientThatNeverAnswersIsClosedWith1001AndRemovedWhileAHealthyOneStays() throws Exception {
        try (WsClient healthy = WsClient.connect(server.ws("relay"));
                RawWebSocket dead = RawWebSocket.connect(server, "relay")) {
            healthy.next("welcome");
            String deadId = WsClient.parse(dead.read(Duration.ofSeconds(5)).text()).getString("id");
            assertEquals(deadId, healthy.next("joined").getString("id"));

            long started = System.nanoTime();
            assertEquals(1001, dead.awaitClose(CLOSE_BOUND));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(INTERVAL_SECONDS * MAX_MISSED)) >= 0,
                    "not closed before maxMissed pings went unanswered: " + took);

            assertEquals(deadId, healthy.next("left").getString("id"), "others see it leave");
            assertEquals(1, server.app().peers().counters().heartbeatCloses());
            assertEquals(1, server.app().peers().counters().open(EndpointKind.RELAY));
            healthy.expectNothing(Duration.ofSeconds(INTERVAL_SECONDS * (MAX_MISSED + 2L)));
            assertFalse(healthy.isClosed(), "a client that answers pings stays connected");
        }
    }

    @Test
    void pongsKeepARawClientAlive() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server, "echo")) {
            long until = System.nanoTime() + Duration.ofSeconds(INTERVAL_SECONDS * (MAX_MISSED + 3L)).toNanos();
            while (System.nanoTime() < until) {
                RawWebSocket.Frame frame = raw.read(Duration.ofSeconds(3));
                assertEquals(RawWebSocket.PING, frame.opcode(), "no close while answering");
                raw.send(RawWebSocket.PONG, frame.payload(), true);
            }
            assertEquals(0, server.app().peers().counters().heartbeatCloses());
        }
    }
}
