package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A relayed message as its recipient sees it; {@code from} is always the server's id for the sender, and
 * {@code user} its authenticated user (absent when authentication is off).
 */
@JsonbPropertyOrder({"type", "from", "user", "text"})
public record DirectMessage(String type, String from, String user, String text) implements ServerMessage {
    public DirectMessage(String from, String user, String text) {
        this("message", from, user, text);
    }
}
