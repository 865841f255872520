package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RawWebSocket.Frame;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat on the real server, which runs it with a 1 s interval: pings arrive, a client that answers
 * them stays, one that never answers is closed with 1001. Exactly one scheduler drives it: the EJB timer on
 * WildFly and Payara, the executor on Tomcat.
 */
class HeartbeatIT extends DeployedSwitchboard {
    /** A generous bound for what should take interval x (maxMissed + 1) plus a tick: only there so a broken
     *  heartbeat fails the test instead of hanging it. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void statusReportsTheSchedulerOfThisServerAndTheConfiguredInterval() {
        JsonObject status = server().status();
        assertEquals(expectedScheduler(), status.getString("scheduler"),
                "scheduler on " + serverName() + ": " + status);
        assertEquals(heartbeatIntervalSeconds(), server().statusCounter("heartbeatIntervalSeconds"),
                "the interval set as a system property on the server reached the application");
    }

    @Test
    void clientThatNeverAnswersPingsIsPingedThenClosedWith1001() throws IOException {
        int maxMissed = heartbeatMaxMissed();
        long closedBefore = server().statusCounter("heartbeatCloses");
        int pings = 0;
        int closeCode;
        try (RawWebSocket silent = RawWebSocket.connect(server(), "echo")) {
            assertEquals(101, silent.status(), "the handshake succeeds");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                Frame frame;
                try {
                    frame = silent.read(Duration.ofMillis(left));
                } catch (SocketTimeoutException e) {
                    fail("not closed within " + PATIENCE + " after " + pings + " unanswered pings");
                    return;
                } catch (EOFException e) {
                    fail("the connection ended without a close frame after " + pings + " pings");
                    return;
                }
                if (frame.opcode() == RawWebSocket.PING) {
                    pings++;
                } else if (frame.opcode() == RawWebSocket.CLOSE) {
                    closeCode = frame.closeCode();
                    break;
                }
            }
        }
        assertEquals(1001, closeCode, "a heartbeat timeout closes with 1001 (going away)");
        assertTrue(pings >= maxMissed, "closed only after " + maxMissed + " missed pings, saw " + pings);
        Wait.until("heartbeatCloses counts the close",
                () -> server().statusCounter("heartbeatCloses") > closedBefore);
    }

    @Test
    void clientThatAnswersPingsStaysConnected() {
        int interval = heartbeatIntervalSeconds();
        int maxMissed = heartbeatMaxMissed();
        try (WsClient healthy = WsClient.connect(server().ws("echo"))) {
            // Longer than a silent client survives: (maxMissed + 2) intervals. The JDK client answers every ping.
            healthy.expectNothing(Duration.ofSeconds((long) interval * (maxMissed + 2)));
            assertFalse(healthy.isClosed(), "a client that answers pings is not closed");
            healthy.send("still here");
            assertEquals("still here", healthy.nextText());
        }
    }
}
