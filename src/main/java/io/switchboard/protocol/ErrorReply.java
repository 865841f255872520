package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells a client why its message was not accepted; the connection stays open. {@code ref} is omitted when absent. */
@JsonbPropertyOrder({"type", "code", "message", "ref"})
public record ErrorReply(String type, String code, String message, String ref) implements ServerMessage {
    public ErrorReply(String code, String message, String ref) {
        this("error", code, message, ref);
    }
}
