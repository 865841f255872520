package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.SchedulerKind;
import io.switchboard.app.Switchboard;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.RecordedPeer;
import io.switchboard.testing.RecordingRemote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeersTest {
    private final Switchboard app = Switchboard.start(SwitchboardConfig.of(Map.of(
            SwitchboardConfig.HEARTBEAT_INTERVAL, "10", SwitchboardConfig.HEARTBEAT_MAX_MISSED, "2")),
            SchedulerKind.EJB); // no executor ticks: the test drives the heartbeat with its own clock
    private final Peers peers = app.peers();

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void idsAreUniqueAndAssignedByThePeers() {
        Peer a = RecordedPeer.open(peers, EndpointKind.ECHO).peer();
        Peer b = RecordedPeer.open(peers, EndpointKind.RELAY).peer();
        assertNotEquals(a.id(), b.id());
        assertEquals(Long.parseLong(a.id()) + 1, Long.parseLong(b.id()));
    }

    @Test
    void closingEndsTheMembershipOnceAndFreesTheCount() {
        RecordedPeer amy = RecordedPeer.open(peers, EndpointKind.RELAY);
        int[] left = new int[1];
        amy.peer().membership(peer -> left[0]++);
        assertTrue(peers.closed(amy.peer()));
        assertFalse(peers.closed(amy.peer()), "closing twice is harmless");
        assertEquals(1, left[0]);
        assertTrue(amy.peer().hasLeft());
        assertTrue(amy.peer().outbox().isClosed());
        assertEquals(0, peers.counters().open(EndpointKind.RELAY));
    }

    @Test
    void heartbeatPingsOnScheduleAndEvictsAfterMaxMissed() {
        RecordedPeer quiet = RecordedPeer.open(peers, EndpointKind.ECHO);
        RecordedPeer answering = RecordedPeer.open(peers, EndpointKind.ECHO);
        long t0 = System.nanoTime();
        long interval = Duration.ofSeconds(10).toNanos();
        peers.heartbeat(t0 + interval / 2);
        assertEquals(List.of(), quiet.remote().sent(), "not due yet");
        for (int i = 1; i <= 2; i++) {
            peers.heartbeat(t0 + i * interval + 1);
            answering.peer().pongReceived();
        }
        assertEquals(List.of(RecordingRemote.PING, RecordingRemote.PING), quiet.remote().awaitSent(2));
        peers.heartbeat(t0 + 3 * interval + 1);
        assertEquals(CloseReasons.HEARTBEAT_TIMEOUT, quiet.closeReason());
        assertFalse(answering.isClosed());
        assertEquals(1, peers.counters().heartbeatCloses());
        assertEquals(1, peers.counters().open(EndpointKind.ECHO));
    }

    @Test
    void disconnectAllClosesOnlyTheChosenKind() {
        RecordedPeer echo = RecordedPeer.open(peers, EndpointKind.ECHO);
        RecordedPeer relay = RecordedPeer.open(peers, EndpointKind.RELAY);
        assertEquals(1, peers.disconnectAll(EndpointKind.RELAY, CloseReasons.RESTART));
        assertEquals(1012, relay.closeReason().getCloseCode().getCode());
        assertFalse(echo.isClosed());
    }

    @Test
    void shutdownClosesEverySessionWith1001() {
        RecordedPeer a = RecordedPeer.open(peers, EndpointKind.ECHO);
        RecordedPeer b = RecordedPeer.open(peers, EndpointKind.BROADCAST);
        app.broker().join(b.peer(), "r", -1);
        app.stop();
        assertEquals(1001, a.closes().get(0).getCloseCode().getCode());
        assertEquals(1001, b.closes().get(0).getCloseCode().getCode());
        assertEquals(0, peers.counters().open(EndpointKind.BROADCAST));
        assertEquals(0, app.broker().describe("r").members());
    }

    @Test
    void shutdownTellsEachClientARandomReconnectDelayWithinTheSpread() {
        List<RecordedPeer> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clients.add(RecordedPeer.open(peers, EndpointKind.ECHO));
        }
        app.stop();
        Set<Long> delays = new HashSet<>();
        for (RecordedPeer client : clients) {
            String reason = client.closes().get(0).getReasonPhrase();
            Matcher hint = Pattern.compile("server shutting down; retry in (\\d+) ms").matcher(reason);
            assertTrue(hint.matches(), reason);
            long delay = Long.parseLong(hint.group(1));
            assertTrue(delay >= 0 && delay < 1000, "within the shortest window, 1 s: " + delay);
            delays.add(delay);
        }
        assertTrue(delays.size() > 20, "spread, not one instant: " + delays);
        assertEquals(1000, Peers.reconnectSpreadMillis(40));
        assertEquals(5000, Peers.reconnectSpreadMillis(5000), "5,000 clients come back over 5 s (1,000 per second)");
        assertEquals(15000, Peers.reconnectSpreadMillis(100_000), "never longer than the page's longest backoff");
    }
}
