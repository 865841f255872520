package io.switchboard.broker;

import io.switchboard.hub.Outcome;
import io.switchboard.hub.Peer;
import java.util.List;

/**
 * Decides what a message <em>is</em>: a room's numbering ({@code seq}), its history and {@code since} ranges,
 * presence, and who is reachable on the relay. It hands accepted messages to the {@link io.switchboard.hub.Hub},
 * which decides who on this node gets them. In memory on a single node ({@link MemoryBroker}); a cluster
 * broker implements the same calls over a shared store.
 *
 * <p>Order guarantees every implementation keeps: a joining member receives its welcome first, then the
 * replay it asked for, then live messages, with nothing lost or repeated at the seam; every member receives a
 * room's messages in {@code seq} order.
 */
public interface Broker extends AutoCloseable {

    /**
     * Makes {@code peer} a member of room {@code name}: it receives the welcome, every retained message after
     * {@code since} (when {@code since >= 0}), then live messages; the other members get the new count.
     *
     * @return the room to publish to, or null when the room would be new and the room limit is reached
     */
    Room join(Peer peer, String name, long since);

    /**
     * {@link #join(Peer, String, long)} for a client that names the history it counted in: when {@code epoch} is
     * not null and not the room's current epoch, the welcome says {@code truncated}. A broker without epochs
     * (a single node) ignores it.
     *
     * @throws BrokerUnavailableException when the shared store cannot be reached (the client is refused, 1013)
     */
    default Room join(Peer peer, String name, long since, String epoch) {
        return join(peer, name, since);
    }

    /**
     * The named room for a publisher that is not a member (the HTTP API): the existing one, or a new one.
     *
     * @return null when the room would be new and the room limit is reached
     */
    Room room(String name);

    /** Numbers, stores and delivers one chat message to every member of {@code room}, the sender included. */
    Outcome publish(Room room, String username, String text);

    /** The retained messages of the named room after {@code since}, oldest first, as members received them. */
    List<String> history(String name, long since);

    /** Makes a relay peer addressable: it gets its welcome, the others a {@code joined} notice. */
    void enterRelay(Peer peer);

    /**
     * Delivers {@code text} to the relay peer with id {@code toId}, as sent by {@code fromId} (a relay peer's id,
     * or {@code "server"} for the HTTP API) and {@code fromUser} (its authenticated user, or null).
     */
    Outcome sendDirect(String fromId, String fromUser, String toId, String text);

    /** Removes rooms that are empty and idle for longer than configured (called by the heartbeat tick). */
    void sweep(long nowNanos);

    /** The named room's latest seq and member count, or null when it does not exist. */
    RoomState describe(String name);

    /** Rooms that exist now. */
    int rooms();

    /** Relay peers reachable now. */
    int relayPeers();

    /** The cluster's state for {@code /status}, or null on a single node. */
    default ClusterStatus cluster() {
        return null;
    }

    /** Releases what the broker holds (connections, threads); called once when the application stops. */
    @Override
    default void close() {
    }
}
