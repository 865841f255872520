package io.switchboard.broker;

import io.switchboard.hub.Outcome;
import io.switchboard.hub.Peer;

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
public interface Broker {

    /**
     * Makes {@code peer} a member of room {@code name}: it receives the welcome, every retained message after
     * {@code since} (when {@code since >= 0}), then live messages; the other members get the new count.
     *
     * @return the room to publish to, or null when the room would be new and the room limit is reached
     */
    Room join(Peer peer, String name, long since);

    /** Numbers, stores and delivers one chat message to every member of {@code room}, the sender included. */
    Outcome publish(Room room, String username, String text);

    /** Makes a relay peer addressable: it gets its welcome, the others a {@code joined} notice. */
    void enterRelay(Peer peer);

    /** Delivers {@code text} from relay peer {@code sender} to the relay peer with id {@code toId}. */
    Outcome sendDirect(Peer sender, String toId, String text);

    /** Removes rooms that are empty and idle for longer than configured (called by the heartbeat tick). */
    void sweep(long nowNanos);

    /** The named room's latest seq and member count, or null when it does not exist. */
    RoomState describe(String name);

    /** Rooms that exist now. */
    int rooms();

    /** Relay peers reachable now. */
    int relayPeers();
}
