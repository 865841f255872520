package io.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.SchedulerKind;
import io.switchboard.app.Switchboard;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Outcome;
import io.switchboard.hub.Peers;
import io.switchboard.testing.RecordedPeer;
import io.switchboard.testing.RecordingRemote;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryBrokerTest {
    private final Switchboard app = Switchboard.start(SwitchboardConfig.of(Map.of(
            SwitchboardConfig.SEND_QUEUE_MAX, "8", SwitchboardConfig.HISTORY_SIZE, "3")), SchedulerKind.EJB);
    private final Peers peers = app.peers();
    private final Broker broker = app.broker();

    @AfterEach
    void stop() {
        app.stop();
    }

    private RecordedPeer relayPeer() {
        RecordedPeer peer = RecordedPeer.open(peers, EndpointKind.RELAY);
        broker.enterRelay(peer.peer());
        return peer;
    }

    private RecordedPeer member(String room, long since) {
        RecordedPeer peer = RecordedPeer.open(peers, EndpointKind.BROADCAST);
        broker.join(peer.peer(), room, since);
        return peer;
    }

    @Test
    void relayWelcomeComesFirstAndLeavingIsAnnouncedOnce() {
        RecordedPeer amy = relayPeer();
        RecordedPeer bob = relayPeer();
        String amyId = amy.peer().id();
        String bobId = bob.peer().id();
        assertEquals("{\"type\":\"welcome\",\"id\":\"" + bobId + "\",\"peers\":[\"" + amyId + "\"]}", bob.awaitText(1).get(0));
        assertEquals("{\"type\":\"joined\",\"id\":\"" + bobId + "\"}", amy.awaitText(2).get(1));

        assertTrue(peers.closed(bob.peer()));
        assertFalse(peers.closed(bob.peer()), "closing twice is harmless");
        assertEquals("{\"type\":\"left\",\"id\":\"" + bobId + "\"}", amy.awaitText(3).get(2));
        assertEquals(1, broker.relayPeers());
    }

    @Test
    void directDeliveryReportsUnknownRecipients() {
        RecordedPeer amy = relayPeer();
        RecordedPeer bob = relayPeer();
        assertFalse(broker.sendDirect(bob.peer().id(), null, "404", "x").delivered());
        assertTrue(broker.sendDirect(bob.peer().id(), null, amy.peer().id(), "hello").delivered());
        assertEquals("{\"type\":\"message\",\"from\":\"" + bob.peer().id() + "\",\"text\":\"hello\"}",
                amy.awaitText(3).get(2));
    }

    @Test
    void aRoomDeliversOneSharedStringToEveryMember() {
        RecordedPeer a = member("r", -1);
        RecordedPeer b = member("r", -1);
        Room room = broker.join(RecordedPeer.open(peers, EndpointKind.BROADCAST).peer(), "r", -1);
        broker.publish(room, "amy", "hi");
        String toA = a.awaitText(4).get(3);
        String toB = b.awaitText(3).get(2);
        assertTrue(toA.startsWith("{\"type\":\"chat\",\"room\":\"r\",\"seq\":1,\"username\":\"amy\",\"text\":\"hi\",\"time\":\""), toA);
        assertSame(toA, toB, "encoded once, the same instance for every member");
    }

    @Test
    void aJoiningMemberGetsWelcomeThenReplayThenLiveAndOthersGetTheCount() {
        RecordedPeer first = RecordedPeer.open(peers, EndpointKind.BROADCAST);
        Room room = broker.join(first.peer(), "r", -1);
        for (int i = 1; i <= 5; i++) {
            broker.publish(room, "amy", "m" + i);
        }
        RecordedPeer late = member("r", 1);
        broker.publish(room, "amy", "m6");
        List<String> frames = late.awaitText(5);
        assertTrue(frames.get(0).startsWith("{\"type\":\"welcome\",\"room\":\"r\",\"seq\":5,\"members\":2,\"truncated\":true"), frames.get(0));
        assertTrue(frames.get(1).contains("\"seq\":3"), "history keeps the last 3: " + frames);
        assertTrue(frames.get(3).contains("\"seq\":5"));
        assertTrue(frames.get(4).contains("\"seq\":6"), "live after replay");
        assertTrue(first.awaitText(8).contains("{\"type\":\"presence\",\"room\":\"r\",\"members\":2}"));
        assertEquals(new RoomState("r", 6, 2), broker.describe("r"));
        assertEquals(7, broker.publish(broker.room("r"), "api", "m7").seq(), "a publisher need not be a member");
        List<String> retained = broker.history("r", 5);
        assertEquals(2, retained.size());
        assertTrue(retained.get(1).contains("\"seq\":7"));
    }

    @Test
    void aCongestedMemberIsReportedForBackPressure() {
        RecordingRemote stuck = RecordingRemote.stalled();
        RecordedPeer slow = RecordedPeer.open(peers, EndpointKind.BROADCAST, stuck);
        Room room = broker.join(slow.peer(), "r", -1);
        for (int i = 1; i <= 4; i++) {
            assertTrue(broker.publish(room, "a", "m" + i).congested().isEmpty(), "up to half the queue");
        }
        Outcome fifth = broker.publish(room, "a", "m5");
        assertEquals(List.of(slow.peer().outbox()), fifth.congested());
        stuck.resume();
    }

    @Test
    void anOverflowingMemberIsClosedAsSlowConsumerAndLeavesItsRoomWhileTheOthersGetEverything() {
        RecordingRemote stuck = RecordingRemote.stalled();
        RecordedPeer slow = RecordedPeer.open(peers, EndpointKind.BROADCAST, stuck);
        Room room = broker.join(slow.peer(), "r", -1);
        RecordedPeer fine = member("r", -1);
        for (int i = 0; i < 12; i++) {
            broker.publish(room, "a", "m" + i);
            fine.awaitText(2 + i); // a healthy member reads as it goes
        }
        assertEquals(CloseReasons.SLOW_CONSUMER, slow.closeReason());
        assertEquals(1, peers.counters().slowConsumerCloses());
        assertEquals(1, broker.describe("r").members());
        List<String> got = fine.awaitText(14); // welcome, 12 chats, and the count once the slow one left
        assertEquals(12, got.stream().filter(s -> s.contains("\"chat\"")).count(), "the healthy member got every message");
        stuck.resume();
    }
}
