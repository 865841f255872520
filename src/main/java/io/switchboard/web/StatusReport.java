package io.switchboard.web;

import io.switchboard.broker.ClusterStatus;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Map;

/**
 * The JSON body of {@code GET /status}: what an operator or a test needs to see the server's state at a glance,
 * and whether the page must ask for a token ({@code authRequired}). {@code node} names this node; {@code cluster}
 * is {@code {"nodes":N,"redis":"up"|"down"}} in cluster mode and {@code null} on a single node.
 */
@JsonbPropertyOrder({"sessions", "relayPeers", "rooms", "messagesIn", "messagesOut", "slowConsumerCloses",
        "heartbeatCloses", "scheduler", "heartbeatIntervalSeconds", "authRequired", "uptimeSeconds",
        "node", "cluster"})
public record StatusReport(
        Map<String, Integer> sessions,
        int relayPeers,
        int rooms,
        long messagesIn,
        long messagesOut,
        long slowConsumerCloses,
        long heartbeatCloses,
        String scheduler,
        long heartbeatIntervalSeconds,
        boolean authRequired,
        long uptimeSeconds,
        String node,
        ClusterStatus cluster) {

    /** Every other field is always set; {@code cluster} is written as {@code null} on a single node. */
    private static final class WithNulls {
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
    }

    /** The body of {@code GET /status}. */
    public String toJson() {
        return WithNulls.JSONB.toJson(this);
    }
}
