package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Tells a room's members how many are in it, sent when someone joins or leaves. */
@JsonbPropertyOrder({"type", "room", "members"})
public record Presence(String type, String room, int members) implements ServerMessage {
    public Presence(String room, int members) {
        this("presence", room, members);
    }
}
