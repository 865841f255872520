package io.switchboard.hub;

/**
 * What a peer belongs to beyond this node's registry (a room or the relay), told when the peer goes. Set by
 * whoever admitted it (the broker), so the hub can end a membership without knowing who keeps it.
 */
@FunctionalInterface
public interface Membership {
    /** Nobody's member: for echo peers and before a join. */
    Membership NONE = peer -> {
    };

    /** The peer left (closed, evicted or shut down); called once. */
    void leave(Peer peer);
}
