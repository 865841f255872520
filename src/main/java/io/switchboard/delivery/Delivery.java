package io.switchboard.delivery;

import io.switchboard.session.Peer;

/**
 * The seam through which every accepted chat and direct message travels to its recipients. Today
 * {@link LocalDelivery} hands messages to this node's rooms and relay directory; a multi-node implementation
 * (Redis pub/sub) can replace it without touching the endpoints.
 */
public interface Delivery {

    /** Publishes a chat message to everyone in {@code room}, the sender included. */
    Outcome publish(String room, String username, String text);

    /** Delivers {@code text} from relay peer {@code sender} to the relay peer with id {@code toId}. */
    Outcome sendDirect(Peer sender, String toId, String text);
}
