package io.switchboard.web;

import java.util.Map;

/** The JSON body of {@code GET /status}: what an operator or a test needs to see the server's state at a glance. */
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
        long uptimeSeconds) {
}
