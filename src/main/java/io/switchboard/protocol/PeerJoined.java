package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells relay clients that another client connected, so they can address it. */
@JsonbPropertyOrder({"type", "id"})
public record PeerJoined(String type, String id) implements ServerMessage {
    public PeerJoined(String id) {
        this("joined", id);
    }
}
