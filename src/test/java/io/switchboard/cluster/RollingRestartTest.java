package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ChatMember;
import io.switchboard.testing.ChatTraffic;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.ServerUnderTest;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Transcripts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart under load: 200 members in 10 rooms on two nodes talk for 60 s while each node in turn is
 * stopped gracefully and started again. Every client of a stopping node is closed with 1001 and told when to
 * come back ({@code retry in N ms}, random within the node's reconnect window), waits that long and reconnects
 * to the other node with {@code since} and {@code epoch}. In the end every member has every accepted message of
 * its room exactly once and in order.
 */
class RollingRestartTest {
    private static final int ROOMS = 10;
    private static final int PER_ROOM = 20;
    private static final Duration TRAFFIC = Duration.ofSeconds(60);
    /** Each member sends one message every this often: 100 messages/s in all, 2,000 deliveries/s. */
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @Test
    void restartingEachNodeInTurnUnderLoadLosesAndRepeatsNothing() {
        List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> "rolling-" + i).toList();
        try (TestRedis redis = TestRedis.launch()) {
            Map<String, String> paramsA = ClusterNodes.node("rolling-a", redis.url());
            Map<String, String> paramsB = ClusterNodes.node("rolling-b", redis.url());
            EmbeddedTomcat[] nodes = {EmbeddedTomcat.start(paramsA), EmbeddedTomcat.start(paramsB)};
            try {
                List<ServerUnderTest> addresses = List.of(address(nodes[0]), address(nodes[1]));
                List<ChatMember> members = ClusterNodes.members(rooms, PER_ROOM, addresses);
                long started = System.nanoTime();
                try (ChatTraffic traffic = ChatTraffic.start(members, INTERVAL)) {
                    ClusterNodes.during(TRAFFIC.dividedBy(4));
                    nodes[0] = restart(nodes[0], paramsA);
                    ClusterNodes.during(TRAFFIC.dividedBy(3));
                    nodes[1] = restart(nodes[1], paramsB);
                    ClusterNodes.during(TRAFFIC.minus(Duration.ofNanos(System.nanoTime() - started)));
                }
                Map<String, Collection<String>> accepted = new HashMap<>();
                long messages = 0;
                for (String room : rooms) {
                    List<ChatMember> inRoom = ClusterNodes.in(room, members);
                    Transcripts.RoomHead head =
                            Transcripts.awaitCaughtUp(nodes[0], room, inRoom, Duration.ofSeconds(30));
                    accepted.put(room, Transcripts.assertEveryMemberHasEveryMessageOnceInOrder(inRoom, head, 1).values());
                    messages += head.seq();
                }
                List<Long> hints = new ArrayList<>();
                for (ChatMember member : members) {
                    assertTrue(member.closes().stream().anyMatch(c -> c.startsWith("1001 server shutting down; retry in")),
                            member + ": closed by a stopping node with a reconnect hint");
                    hints.addAll(member.hintsHonoured());
                }
                LongSummaryStatistics spread = hints.stream().mapToLong(Long::longValue).summaryStatistics();
                assertTrue(spread.getMax() - spread.getMin() >= 500 && hints.stream().distinct().count() > 100,
                        "reconnects spread over the window, not all at once: " + spread);
                System.out.println("Rolling restart: " + messages + " messages in " + ROOMS + " rooms, "
                        + Transcripts.assertSendersToldTheTruth(members, accepted, true) + ", reconnect hints "
                        + spread);
                ClusterNodes.leave(members);
            } finally {
                for (EmbeddedTomcat node : nodes) {
                    node.close();
                }
            }
        }
    }

    /** The node's address, which outlives the node across its restarts (the same port). */
    private static ServerUnderTest address(EmbeddedTomcat node) {
        return ServerUnderTest.at(URI.create("http://127.0.0.1:" + node.port() + ServerUnderTest.CONTEXT));
    }

    /** Stops the node gracefully and starts it again on its port. */
    private static EmbeddedTomcat restart(EmbeddedTomcat node, Map<String, String> parameters) {
        int port = node.port();
        node.close();
        return EmbeddedTomcat.start(port, parameters);
    }
}
