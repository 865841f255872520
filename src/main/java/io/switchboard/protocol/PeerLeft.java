package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells relay clients that a client disconnected, so they stop addressing it. */
@JsonbPropertyOrder({"type", "id", "user"})
public record PeerLeft(String type, String id, String user) implements ServerMessage {
    public PeerLeft(String id, String user) {
        this("left", id, user);
    }
}
