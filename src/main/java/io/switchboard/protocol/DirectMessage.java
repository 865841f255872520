package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A relayed message as its recipient sees it; {@code from} is always the server's id for the sender. */
@JsonbPropertyOrder({"type", "from", "text"})
public record DirectMessage(String type, String from, String text) implements ServerMessage {
    public DirectMessage(String from, String text) {
        this("message", from, text);
    }
}
