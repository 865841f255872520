package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.testing.RecordedPeer;
import io.switchboard.testing.RecordingRemote;
import io.switchboard.testing.TwoNodeCluster;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Back-pressure across nodes: a publisher on node A bursting into a room, or a relay sender on A bursting to one
 * recipient, is slowed to the pace of a client on node B that reads slowly, instead of that client being
 * dropped, as on a single node; a member on B that stopped reading is not waited for beyond the stated bound,
 * and is closed 1008 as a slow consumer.
 */
class ClusterBackPressureTest {
    private static final int QUEUE = 256;
    private static final int BURST = 600;
    @RegisterExtension
    static final TwoNodeCluster cluster = TwoNodeCluster.perClass(
            Map.of(SwitchboardConfig.SEND_QUEUE_MAX, String.valueOf(QUEUE)));

    /** A member of {@code room} on node B whose client is {@code remote}. */
    private static RecordedPeer memberOnB(String room, RecordingRemote remote) {
        RecordedPeer member = RecordedPeer.open(cluster.b().app().peers(), EndpointKind.BROADCAST, remote);
        cluster.b().app().broker().join(member.peer(), room, -1);
        return member;
    }

    /** Sends {@link #BURST} messages as fast as the client can write them, and waits for its own copies. */
    private static void burst(String room, Duration within) {
        try (WsClient publisher = WsClient.connect(cluster.a().ws("/broadcast/" + room))) {
            publisher.next("welcome");
            for (int i = 1; i <= BURST; i++) {
                publisher.send("{\"username\":\"burst\",\"text\":\"m" + i + "\"}");
            }
            long started = System.nanoTime();
            for (int i = 1; i <= BURST; i++) {
                assertEquals("m" + i, publisher.next("chat").getString("text"), "every message accepted, in order");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(within) < 0, "the publisher was held at most " + within + ": " + took);
        }
    }

    private static List<String> chats(RecordedPeer member) {
        return member.remote().sentText().stream().filter(frame -> frame.contains("\"type\":\"chat\"")).toList();
    }

    @Test
    void aPublisherIsSlowedToThePaceOfAMemberOnAnotherNodeThatReadsSlowly() {
        // 2 ms a frame: at most 500 frames/s, far below what one publisher gets through Redis
        RecordedPeer slow = memberOnB("paced", RecordingRemote.slow(Duration.ofMillis(2)));
        burst("paced", Duration.ofSeconds(30));
        Wait.until("the slow member has every message", () -> chats(slow).size() == BURST);
        assertFalse(slow.isClosed(), "a member that reads, however slowly, is not dropped: " + slow.closes());
        List<String> got = chats(slow);
        for (int i = 1; i <= BURST; i++) {
            assertTrue(got.get(i - 1).contains("\"text\":\"m" + i + "\""), "in order: " + got.get(i - 1));
        }
    }

    @Test
    void aRelaySenderIsSlowedToThePaceOfARecipientOnAnotherNodeThatReadsSlowly() {
        // 5 ms a frame: at most 200 frames/s, below what one sender gets through, one receipt at a time
        RecordedPeer slow = RecordedPeer.open(cluster.b().app().peers(), EndpointKind.RELAY,
                RecordingRemote.slow(Duration.ofMillis(5)));
        cluster.b().app().broker().enterRelay(slow.peer());
        try (WsClient sender = WsClient.connect(cluster.a().ws("/relay"))) {
            sender.next("welcome");
            for (int i = 1; i <= BURST; i++) {
                sender.send("{\"type\":\"send\",\"to\":\"" + slow.peer().id() + "\",\"text\":\"d" + i
                        + "\",\"ref\":\"r" + i + "\"}");
            }
            for (int i = 1; i <= BURST; i++) {
                assertEquals("r" + i, sender.next("ack").getString("ref"), "every message queued for the recipient");
            }
        }
        Wait.until("the slow recipient has every message", () -> messages(slow).size() == BURST);
        assertFalse(slow.isClosed(), "a recipient that reads, however slowly, is not dropped: " + slow.closes());
        List<String> got = messages(slow);
        for (int i = 1; i <= BURST; i++) {
            assertTrue(got.get(i - 1).contains("\"text\":\"d" + i + "\""), "in order: " + got.get(i - 1));
        }
    }

    private static List<String> messages(RecordedPeer recipient) {
        return recipient.remote().sentText().stream().filter(frame -> frame.contains("\"type\":\"message\""))
                .toList();
    }

    @Test
    void aMemberOnAnotherNodeThatStoppedReadingHoldsThePublisherOnlyBrieflyAndIsClosedAsSlowConsumer() {
        RecordingRemote stopped = RecordingRemote.stalled();
        RecordedPeer stuck = memberOnB("stuck", stopped);
        try {
            // publishers pause only while the member still makes progress (2 s), then go on at full speed
            burst("stuck", Duration.ofSeconds(10));
            Wait.until("the member that stopped reading is closed", stuck::isClosed);
            assertEquals(CloseReasons.SLOW_CONSUMER, stuck.closeReason());
        } finally {
            stopped.resume();
        }
    }
}
