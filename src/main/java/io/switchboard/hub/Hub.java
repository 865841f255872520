package io.switchboard.hub;

import io.switchboard.outbox.Frame;
import io.switchboard.outbox.Outbox;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local fan-out: who on <em>this node</em> gets a message the broker accepted. It keeps this node's room
 * members and relay peers and offers one shared frame to each recipient's outbox; it never numbers, stores or
 * decides anything (that is the broker's). It never writes either: offers only queue, so a publisher is never
 * held up by one recipient.
 */
public final class Hub {
    private final Map<String, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, Peer> relayPeers = new ConcurrentHashMap<>();

    /** This node's part of the named room, created on first use. */
    public LocalRoom room(String name) {
        return rooms.computeIfAbsent(name, LocalRoom::new);
    }

    /** This node's part of the named room, or null when nobody here ever joined it. */
    public LocalRoom existingRoom(String name) {
        return rooms.get(name);
    }

    /** Forgets an empty room (its broker retired it). */
    public void forget(LocalRoom room) {
        rooms.remove(room.name(), room);
    }

    /** Adds a member; from then on it receives what is delivered to the room. */
    public void join(LocalRoom room, Peer peer) {
        room.add(peer);
    }

    /** Removes a member; false if it was not one. */
    public boolean leave(LocalRoom room, Peer peer) {
        return room.remove(peer);
    }

    /**
     * Offers {@code frame} to every member of {@code room} on this node.
     *
     * @return the outboxes now congested (for back-pressure on the publisher), usually none
     */
    public List<Outbox> deliver(LocalRoom room, Frame frame) {
        List<Outbox> congested = List.of();
        for (Peer member : room.members()) {
            Outbox outbox = member.outbox();
            outbox.offer(frame);
            if (outbox.congested()) {
                if (congested.isEmpty()) {
                    congested = new ArrayList<>(2);
                }
                congested.add(outbox);
            }
        }
        return congested;
    }

    /** Makes a relay peer reachable here by its id. */
    public void addRelayPeer(Peer peer) {
        relayPeers.put(peer.id(), peer);
    }

    /** Removes a relay peer; false if it was not (or no longer) here. */
    public boolean removeRelayPeer(Peer peer) {
        return relayPeers.remove(peer.id(), peer);
    }

    /** The relay peer with this id on this node, or null. */
    public Peer relayPeer(String id) {
        return relayPeers.get(id);
    }

    /** This node's relay peers (a live view). */
    public Collection<Peer> relayPeers() {
        return relayPeers.values();
    }

    /** Offers {@code frame} to every relay peer here but {@code except}. */
    public void deliverToRelay(Frame frame, Peer except) {
        for (Peer peer : relayPeers.values()) {
            if (peer != except) {
                peer.outbox().offer(frame);
            }
        }
    }

    /** Offers {@code frame} to one peer. */
    public Outcome deliverTo(Peer peer, Frame frame) {
        Outbox outbox = peer.outbox();
        if (!outbox.offer(frame)) {
            return Outcome.UNKNOWN_RECIPIENT; // it just closed
        }
        return Outcome.delivered(0, outbox.congested() ? List.of(outbox) : List.of());
    }
}
