package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells relay clients that a client disconnected, so they stop addressing it. */
@JsonbPropertyOrder({"type", "id"})
public record PeerLeft(String type, String id) implements ServerMessage {
    public PeerLeft(String id) {
        this("left", id);
    }
}
