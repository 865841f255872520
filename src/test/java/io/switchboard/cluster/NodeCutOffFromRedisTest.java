package io.switchboard.cluster;

import static io.switchboard.testing.ClusterNodes.NODE_TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ChatMember;
import io.switchboard.testing.ChatTraffic;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Transcripts;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node A reaches Redis through a TCP proxy, and the proxy cuts it off (longer than the node TTL, so node B also
 * takes A for dead) while chat goes on in a room with members on both nodes. Only A's members are refused
 * ({@code unavailable}); B's members go on without a single refusal. When the proxy lets A through again, A puts
 * its members back and its members receive, without reconnecting, every message accepted meanwhile: A fills the
 * gap from the room's history.
 */
class NodeCutOffFromRedisTest {
    private static final String ROOM = "cut-off";
    private static final Duration CUT_FOR = NODE_TTL.plusSeconds(1);

    @Test
    void cuttingOneNodeOffFromRedisRefusesOnlyItsClientsAndItCatchesUpAfterwards() {
        try (TestRedis redis = TestRedis.launch();
                TcpProxy proxy = TcpProxy.to(redis.port());
                EmbeddedTomcat a = EmbeddedTomcat.start(ClusterNodes.node("cut-a", TestRedis.url(proxy.port())));
                EmbeddedTomcat b = EmbeddedTomcat.start(ClusterNodes.node("cut-b", redis.url()))) {
            List<ChatMember> members = ClusterNodes.members(List.of(ROOM), 8, List.of(a, b));
            List<ChatMember> onA = List.of(members.get(0), members.get(2), members.get(4), members.get(6));
            List<ChatMember> onB = List.of(members.get(1), members.get(3), members.get(5), members.get(7));
            String epoch = Transcripts.head(b, ROOM).epoch();
            long refusedOnABefore;
            try (ChatTraffic traffic = ChatTraffic.start(members, Duration.ofMillis(200))) {
                ClusterNodes.during(Duration.ofSeconds(2));
                refusedOnABefore = refused(onA);
                proxy.cut();
                Wait.until("A knows it is cut off", () -> "down".equals(a.app().status().cluster().redis()));
                long seqAtCut = Transcripts.head(b, ROOM).seq();
                ClusterNodes.during(CUT_FOR);
                assertEquals("up", b.app().status().cluster().redis(), "B still reaches Redis");
                assertTrue(Transcripts.head(b, ROOM).seq() > seqAtCut + 10, "B's members went on talking");
                assertTrue(refused(onA) > refusedOnABefore, "A's members were refused while A was cut off");
                try (WsClient newcomer = WsClient.connect(a.ws("broadcast/" + ROOM))) {
                    assertEquals(1013, newcomer.awaitClose(), "A admits nobody while it cannot reach Redis");
                }

                proxy.restore();
                Wait.until("A reaches Redis again", () -> "up".equals(a.app().status().cluster().redis()));
                ClusterNodes.during(Duration.ofSeconds(2));
            }
            Transcripts.RoomHead head = Transcripts.awaitCaughtUp(a, ROOM, members, Duration.ofSeconds(20));
            assertEquals(epoch, head.epoch(), "the history was never lost");
            Map<Long, String> accepted = Transcripts.assertEveryMemberHasEveryMessageOnceInOrder(members, head, 1);
            for (ChatMember member : members) {
                assertEquals(List.of(), member.closes(),
                        member + ": A's members caught up without reconnecting; B's were never disturbed");
            }
            for (ChatMember member : onB) {
                assertFalse(member.outcomes().containsValue(ChatMember.Outcome.REFUSED), member + " was refused");
            }
            Wait.until("A's members counted again after B took A for dead", Duration.ofSeconds(5),
                    () -> Transcripts.members(b, ROOM) == members.size() + 1);
            long filled = ((RedisBroker) a.app().broker()).gapMessagesFilled();
            assertTrue(filled > 0, "A delivered what it missed from the room's history");
            System.out.println("Node cut off: " + Transcripts.assertSendersToldTheTruth(members,
                    Map.of(ROOM, accepted.values()), false) + "; messages A filled from history: " + filled);
            ClusterNodes.leave(members);
        }
    }

    private static long refused(List<ChatMember> members) {
        return members.stream().flatMap(m -> m.outcomes().values().stream())
                .filter(outcome -> outcome == ChatMember.Outcome.REFUSED).count();
    }
}
