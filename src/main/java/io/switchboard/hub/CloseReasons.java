package io.switchboard.hub;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every close the server initiates, with its documented code and reason phrase, so they read the same everywhere. */
public final class CloseReasons {
    /** The client did not keep up: its outbound queue overflowed. */
    public static final CloseReason SLOW_CONSUMER = new CloseReason(CloseCodes.VIOLATED_POLICY, "slow consumer");
    /** The client missed too many pings in a row. */
    public static final CloseReason HEARTBEAT_TIMEOUT = new CloseReason(CloseCodes.GOING_AWAY, "heartbeat timeout");
    /** Writing to the client failed: the connection is broken, and the server ends the session. */
    public static final CloseReason CONNECTION_LOST =
            new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "connection lost");
    /**
     * The application is being undeployed or the server stops. Each client is told when to come back, {@link
     * #shutdown(long)}: the reconnects of a stopping node's clients are spread out instead of arriving at once.
     */
    public static final CloseReason SHUTDOWN = new CloseReason(CloseCodes.GOING_AWAY, "server shutting down");
    /** An operator asked every client to reconnect (admin endpoint). */
    public static final CloseReason RESTART = new CloseReason(CloseCodes.SERVICE_RESTART, "service restart");
    /** A message above {@code switchboard.maxMessageBytes}. */
    public static final CloseReason TOO_BIG = new CloseReason(CloseCodes.TOO_BIG, "message too big");
    /** A binary frame on an endpoint that speaks JSON text. */
    public static final CloseReason BINARY_NOT_ACCEPTED =
            new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary messages are not accepted");
    /** A room name outside {@code [A-Za-z0-9_-]{1,64}}. */
    public static final CloseReason INVALID_ROOM = new CloseReason(CloseCodes.VIOLATED_POLICY, "invalid room name");
    /** A {@code since} parameter that is not a non-negative integer. */
    public static final CloseReason INVALID_SINCE = new CloseReason(CloseCodes.VIOLATED_POLICY, "invalid since");

    /** The client kept sending at ten times its rate limit. */
    public static final CloseReason RATE_LIMITED = new CloseReason(CloseCodes.VIOLATED_POLICY, "rate limit exceeded");
    /** Authentication is on and the connection carries no identity (a container without the handshake filter). */
    public static final CloseReason UNAUTHENTICATED = new CloseReason(CloseCodes.VIOLATED_POLICY, "authentication required");
    /** Cluster mode: the broker (Redis) cannot be reached, so the connection cannot be admitted now. */
    public static final CloseReason UNAVAILABLE = new CloseReason(CloseCodes.TRY_AGAIN_LATER, "try again later");
    /** Cluster mode: the room's history was lost (its epoch changed); reconnecting with since and epoch tells how much. */
    public static final CloseReason HISTORY_RESET = new CloseReason(CloseCodes.SERVICE_RESTART, "history reset");
    /** {@code switchboard.maxRooms} rooms exist and this one would be new. */
    public static final CloseReason ROOM_LIMIT = new CloseReason(CloseCodes.TRY_AGAIN_LATER, "room limit reached");

    /** {@link #SHUTDOWN} with a reconnect hint: {@code server shutting down; retry in N ms}. */
    public static CloseReason shutdown(long retryMillis) {
        return new CloseReason(CloseCodes.GOING_AWAY, SHUTDOWN.getReasonPhrase() + "; retry in " + retryMillis + " ms");
    }

    /**
     * Every close above with the short, fixed label the metrics use ({@code switchboard_closes_total{reason=...}}),
     * in a stable order; a reason not listed here is counted as {@code other}.
     */
    public static final Map<CloseReason, String> LABELS = labels();

    private CloseReasons() {
    }

    /** The metrics label of {@code reason}: one of {@link #LABELS}' values, or {@code other}. */
    public static String label(CloseReason reason) {
        return LABELS.getOrDefault(reason, "other");
    }

    private static Map<CloseReason, String> labels() {
        Map<CloseReason, String> labels = new LinkedHashMap<>();
        labels.put(SLOW_CONSUMER, "slow_consumer");
        labels.put(HEARTBEAT_TIMEOUT, "heartbeat_timeout");
        labels.put(CONNECTION_LOST, "connection_lost");
        labels.put(SHUTDOWN, "shutdown");
        labels.put(RESTART, "restart");
        labels.put(TOO_BIG, "too_big");
        labels.put(BINARY_NOT_ACCEPTED, "binary");
        labels.put(INVALID_ROOM, "invalid_room");
        labels.put(INVALID_SINCE, "invalid_since");
        labels.put(RATE_LIMITED, "rate_limit");
        labels.put(UNAUTHENTICATED, "unauthenticated");
        labels.put(ROOM_LIMIT, "room_limit");
        labels.put(UNAVAILABLE, "unavailable");
        labels.put(HISTORY_RESET, "history_reset");
        return Collections.unmodifiableMap(labels);
    }
}
