package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Confirms to a relay sender that its message (the one with this {@code ref}) is queued for the recipient. */
@JsonbPropertyOrder({"type", "ref"})
public record Ack(String type, String ref) implements ServerMessage {
    public Ack(String ref) {
        this("ack", ref);
    }
}
