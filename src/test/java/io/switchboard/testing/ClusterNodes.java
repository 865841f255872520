package io.switchboard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the fault tests configure a cluster node (as web.xml context parameters, for {@link EmbeddedTomcat} and
 * {@link NodeProcess}) and build rooms of {@link ChatMember}s spread over the nodes.
 */
public final class ClusterNodes {
    /** The fault tests' {@code switchboard.cluster.nodeTtlSeconds}: short, so that a dead node is noticed soon. */
    public static final Duration NODE_TTL = Duration.ofSeconds(3);

    private ClusterNodes() {
    }

    /** Node {@code id} on the Redis at {@code redisUrl}: rate and connection limits lifted, history for 1,000 messages. */
    public static Map<String, String> node(String id, String redisUrl) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("switchboard.redis.url", redisUrl);
        parameters.put("switchboard.node.id", id);
        parameters.put("switchboard.cluster.nodeTtlSeconds", Long.toString(NODE_TTL.toSeconds()));
        parameters.put("switchboard.history.size", "1000");
        parameters.put("switchboard.rateLimit.perSecond", "1000000");
        parameters.put("switchboard.rateLimit.burst", "1000000");
        parameters.put("switchboard.maxConnectionsPerAddress", "100000");
        parameters.put("switchboard.maxConnections", "100000");
        return parameters;
    }

    /**
     * {@code perRoom} members in each of {@code rooms}, named {@code ROOM-N}, their first connections alternating
     * over {@code nodes}; returns once every member has its welcome.
     */
    public static List<ChatMember> members(List<String> rooms, int perRoom, List<? extends ServerUnderTest> nodes) {
        List<ChatMember> members = new ArrayList<>();
        for (String room : rooms) {
            for (int i = 0; i < perRoom; i++) {
                members.add(ChatMember.join(room + "-" + i, room, nodes, i % nodes.size()));
            }
        }
        Wait.until("every member welcomed", Duration.ofSeconds(30),
                () -> members.stream().allMatch(m -> m.welcomes() > 0));
        return members;
    }

    /** The members of {@code room}. */
    public static List<ChatMember> in(String room, List<ChatMember> members) {
        return members.stream().filter(m -> m.room().equals(room)).toList();
    }

    /** Closes every member. */
    public static void leave(List<ChatMember> members) {
        members.forEach(ChatMember::close);
    }

    /** Sleeps {@code duration} (traffic runs meanwhile). */
    public static void during(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A copy of {@code parameters} with one more. */
    public static Map<String, String> with(Map<String, String> parameters, String key, String value) {
        Map<String, String> copy = new HashMap<>(parameters);
        copy.put(key, value);
        return copy;
    }
}
