package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells relay clients that another client connected, so they can address it. */
@JsonbPropertyOrder({"type", "id", "user"})
public record PeerJoined(String type, String id, String user) implements ServerMessage {
    public PeerJoined(String id, String user) {
        this("joined", id, user);
    }
}
