package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.delivery.Outcome;
import io.switchboard.testing.RecordingRemote;
import io.switchboard.testing.Wait;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private final Registry registry = new Registry(SwitchboardConfig.defaults().with(c -> {
        c.heartbeatInterval = Duration.ofSeconds(10);
        c.heartbeatMaxMissed = 2;
        c.sendQueueMax = 4;
        c.historySize = 3;
        return c;
    }));

    /** A peer on a recording connection. */
    private record Connection(Peer peer, RecordingRemote remote, List<CloseReason> closes) {
    }

    private Connection connect(EndpointKind kind) {
        RecordingRemote remote = new RecordingRemote(true);
        List<CloseReason> closes = new ArrayList<>();
        Peer peer = registry.open(remote.session(closes), kind);
        return new Connection(peer, remote, closes);
    }

    @AfterEach
    void shutdown() {
        registry.shutdown();
    }

    @Test
    void idsAreUniqueAndAssignedByTheRegistry() {
        Peer a = connect(EndpointKind.ECHO).peer();
        Peer b = connect(EndpointKind.RELAY).peer();
        assertNotEquals(a.id(), b.id());
        assertEquals(Long.parseLong(a.id()) + 1, Long.parseLong(b.id()));
    }

    @Test
    void relayWelcomeComesFirstAndLeavingIsAnnouncedOnce() {
        Connection amy = connect(EndpointKind.RELAY);
        registry.enterRelay(amy.peer());
        Connection bob = connect(EndpointKind.RELAY);
        registry.enterRelay(bob.peer());
        assertEquals("{\"type\":\"welcome\",\"id\":\"" + bob.peer().id() + "\",\"peers\":[\"" + amy.peer().id() + "\"]}",
                bob.remote().sentText().get(0));
        assertEquals("{\"type\":\"joined\",\"id\":\"" + bob.peer().id() + "\"}", amy.remote().sentText().get(1));

        assertTrue(registry.closed(bob.peer()));
        assertFalse(registry.closed(bob.peer()), "closing twice is harmless");
        assertEquals(List.of("{\"type\":\"left\",\"id\":\"" + bob.peer().id() + "\"}"),
                amy.remote().sentText().subList(2, 3));
        assertEquals(3, amy.remote().sentText().size());
        assertNull(registry.relay().find(bob.peer().id()));
        assertEquals(1, registry.counters().open(EndpointKind.RELAY));
    }

    @Test
    void directDeliveryReportsUnknownRecipients() {
        Connection amy = connect(EndpointKind.RELAY);
        registry.enterRelay(amy.peer());
        Connection bob = connect(EndpointKind.RELAY);
        registry.enterRelay(bob.peer());
        assertFalse(registry.delivery().sendDirect(bob.peer(), "404", "x").delivered());
        assertTrue(registry.delivery().sendDirect(bob.peer(), amy.peer().id(), "hello").delivered());
        assertEquals("{\"type\":\"message\",\"from\":\"" + bob.peer().id() + "\",\"text\":\"hello\"}",
                amy.remote().sentText().get(2));
    }

    @Test
    void aRoomPublishesOneSharedStringToEveryMember() {
        Connection a = connect(EndpointKind.BROADCAST);
        Connection b = connect(EndpointKind.BROADCAST);
        registry.joinRoom(a.peer(), "r", -1);
        registry.joinRoom(b.peer(), "r", -1);
        registry.delivery().publish("r", "amy", "hi");
        String toA = a.remote().sentText().get(a.remote().sentText().size() - 1);
        String toB = b.remote().sentText().get(b.remote().sentText().size() - 1);
        assertTrue(toA.startsWith("{\"type\":\"chat\",\"room\":\"r\",\"seq\":1,\"username\":\"amy\",\"text\":\"hi\",\"time\":\""));
        assertTrue(toA == toB, "encoded once, the same instance for every member");
    }

    @Test
    void aCongestedMemberIsReportedForBackPressure() {
        RecordingRemote stuck = new RecordingRemote(false);
        Peer slow = registry.open(stuck.session(new ArrayList<>()), EndpointKind.BROADCAST);
        registry.joinRoom(slow, "r", -1);
        Outcome first = registry.delivery().publish("r", "a", "1");
        assertTrue(first.congested().isEmpty());
        registry.delivery().publish("r", "a", "2");
        Outcome third = registry.delivery().publish("r", "a", "3");
        assertEquals(List.of(slow.outbox()), third.congested());
    }

    @Test
    void anOverflowingPeerIsClosedAsSlowConsumerAndLeavesItsRoom() {
        RecordingRemote stuck = new RecordingRemote(false);
        List<CloseReason> closes = new ArrayList<>();
        Peer slow = registry.open(stuck.session(closes), EndpointKind.BROADCAST);
        registry.joinRoom(slow, "r", -1);
        Connection fine = connect(EndpointKind.BROADCAST);
        registry.joinRoom(fine.peer(), "r", -1);
        for (int i = 0; i < 10; i++) {
            registry.delivery().publish("r", "a", "m" + i);
        }
        Wait.until("slow consumer closed", () -> !closes.isEmpty());
        assertEquals(CloseReasons.SLOW_CONSUMER, closes.get(0));
        assertEquals(1, registry.counters().slowConsumerCloses());
        assertEquals(1, registry.rooms().existing("r").members());
        long chats = fine.remote().sentText().stream().filter(s -> s.contains("\"chat\"")).count();
        assertEquals(10, chats, "the healthy member got every message");
    }

    @Test
    void heartbeatPingsOnScheduleAndEvictsAfterMaxMissed() {
        Connection quiet = connect(EndpointKind.ECHO);
        quiet.peer().outbox().release();
        Connection answering = connect(EndpointKind.ECHO);
        answering.peer().outbox().release();
        long t0 = System.nanoTime();
        long second = Duration.ofSeconds(10).toNanos();
        registry.heartbeat(t0 + second / 2);
        assertEquals(List.of(), quiet.remote().sent(), "not due yet");
        for (int i = 1; i <= 2; i++) {
            registry.heartbeat(t0 + i * second + 1);
            answering.peer().pongReceived();
        }
        assertEquals(List.of(RecordingRemote.PING, RecordingRemote.PING), quiet.remote().sent());
        registry.heartbeat(t0 + 3 * second + 1);
        Wait.until("heartbeat close", () -> !quiet.closes().isEmpty());
        assertEquals(CloseReasons.HEARTBEAT_TIMEOUT, quiet.closes().get(0));
        assertTrue(answering.closes().isEmpty());
        assertEquals(1, registry.counters().heartbeatCloses());
        assertEquals(1, registry.counters().open(EndpointKind.ECHO));
    }

    @Test
    void disconnectAllClosesOnlyTheChosenKind() {
        Connection echo = connect(EndpointKind.ECHO);
        Connection relay = connect(EndpointKind.RELAY);
        registry.enterRelay(relay.peer());
        assertEquals(1, registry.disconnectAll(EndpointKind.RELAY, CloseReasons.RESTART));
        Wait.until("relay closed", () -> !relay.closes().isEmpty());
        assertEquals(1012, relay.closes().get(0).getCloseCode().getCode());
        assertTrue(echo.closes().isEmpty());
    }

    @Test
    void shutdownClosesEverySessionWith1001() {
        Connection a = connect(EndpointKind.ECHO);
        Connection b = connect(EndpointKind.BROADCAST);
        registry.joinRoom(b.peer(), "r", -1);
        registry.shutdown();
        assertEquals(1001, a.closes().get(0).getCloseCode().getCode());
        assertEquals(1001, b.closes().get(0).getCloseCode().getCode());
        assertEquals(0, registry.counters().open(EndpointKind.BROADCAST));
    }
}
