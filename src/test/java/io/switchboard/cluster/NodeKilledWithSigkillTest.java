package io.switchboard.cluster;

import static io.switchboard.testing.ClusterNodes.NODE_TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ChatMember;
import io.switchboard.testing.ChatTraffic;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Transcripts;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each a Tomcat in a process of its own, share one Redis; node A is killed with SIGKILL in the middle
 * of paced chat traffic. Its clients lose their connections without a close frame, reconnect to node B with
 * {@code since} and {@code epoch}, and end with every accepted message exactly once and in order; node B's
 * clients see A's relay peers leave and A's room members drop out of the presence count within the node TTL
 * (plus a tick), and no member of A stays counted.
 */
class NodeKilledWithSigkillTest {
    private static final List<String> ROOMS = List.of("kill-1", "kill-2");
    /** How late B may notice A's death: the TTL, plus ticks of one second on either side. */
    private static final Duration NOTICED_WITHIN = NODE_TTL.plusSeconds(2);

    @Test
    void killingANodeWithSigkillLosesNoAcceptedMessageAndLeavesNoZombieMembersOrPeers() throws Exception {
        try (TestRedis redis = TestRedis.launch()) {
            CompletableFuture<NodeProcess> startingA =
                    CompletableFuture.supplyAsync(() -> NodeProcess.start("kill-a", ClusterNodes.node("kill-a", redis.url())));
            NodeProcess b = NodeProcess.start("kill-b", ClusterNodes.node("kill-b", redis.url()));
            try (NodeProcess a = startingA.join(); b) {
                List<ChatMember> members = ClusterNodes.members(ROOMS, 8, List.of(a, b));
                List<WsClient> onA = new ArrayList<>();
                Set<String> relayIdsOnA = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    WsClient peer = WsClient.connect(a.ws("relay"));
                    relayIdsOnA.add(peer.next("welcome").getString("id"));
                    WsClient member = WsClient.connect(a.ws("broadcast/kill-presence"));
                    member.next("welcome");
                    onA.add(peer);
                    onA.add(member);
                }
                WsClient relayWatcher = WsClient.connect(b.ws("relay"));
                relayWatcher.next("welcome");
                WsClient presenceWatcher = WsClient.connect(b.ws("broadcast/kill-presence"));
                assertEquals(4, presenceWatcher.next("welcome").getInt("members"), "three members on A, one on B");

                try (ChatTraffic traffic = ChatTraffic.start(members, Duration.ofMillis(200))) {
                    ClusterNodes.during(Duration.ofSeconds(3));
                    long killed = System.nanoTime();
                    a.kill();

                    Set<String> left = new HashSet<>();
                    while (!left.containsAll(relayIdsOnA)) {
                        left.add(relayWatcher.nextMatching(m -> m.getString("type").equals("left")).getString("id"));
                    }
                    Duration peersGone = Duration.ofNanos(System.nanoTime() - killed);
                    JsonObject alone = presenceWatcher.nextMatching(
                            m -> m.getString("type").equals("presence") && m.getInt("members") == 1);
                    Duration membersGone = Duration.ofNanos(System.nanoTime() - killed);
                    assertEquals(1, alone.getInt("members"));
                    assertTrue(peersGone.compareTo(NOTICED_WITHIN) <= 0, "relay peers left after " + peersGone);
                    assertTrue(membersGone.compareTo(NOTICED_WITHIN) <= 0, "presence dropped after " + membersGone);

                    System.out.println("Node killed: relay peers left after " + peersGone.toMillis()
                            + " ms, presence dropped after " + membersGone.toMillis() + " ms (TTL " + NODE_TTL + ")");
                    ClusterNodes.during(Duration.ofSeconds(3)); // A's members now talk through B
                }
                Map<String, Collection<String>> accepted = new HashMap<>();
                for (String room : ROOMS) {
                    List<ChatMember> inRoom = ClusterNodes.in(room, members);
                    Transcripts.RoomHead head = Transcripts.awaitCaughtUp(b, room, inRoom, Duration.ofSeconds(20));
                    accepted.put(room, Transcripts.assertEveryMemberHasEveryMessageOnceInOrder(inRoom, head, 1).values());
                    assertTrue(head.seq() > 50, "traffic flowed: " + head);
                    try (WsClient late = WsClient.connect(b.ws("broadcast/" + room))) {
                        assertEquals(9, late.next("welcome").getInt("members"),
                                "the 8 members (all on B now) and this one: none of A's connections is still counted");
                    }
                }
                String outcomes = Transcripts.assertSendersToldTheTruth(members, accepted, true);
                for (int i = 0; i < members.size(); i += 2) { // members alternate over A and B, starting on A
                    ChatMember member = members.get(i);
                    assertTrue(member.closes().stream().anyMatch(c -> c.startsWith("1006")),
                            member + " started on A: its connection broke without a close frame");
                }
                Wait.until("only the watcher is a relay peer in the cluster",
                        () -> b.statusCounter("relayPeers") == 1);
                System.out.println("Node killed: " + outcomes);
                ClusterNodes.leave(members);
                relayWatcher.close();
                presenceWatcher.close();
            }
        }
    }
}
