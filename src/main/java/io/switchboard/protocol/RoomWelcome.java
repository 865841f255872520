package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * First broadcast frame: the room, its latest {@code seq} and member count. {@code truncated} is present
 * (true) only when messages the client asked for with {@code since} were already dropped from history.
 */
@JsonbPropertyOrder({"type", "room", "seq", "members", "truncated"})
public record RoomWelcome(String type, String room, long seq, int members, Boolean truncated) implements ServerMessage {
    public RoomWelcome(String room, long seq, int members, boolean truncated) {
        this("welcome", room, seq, members, truncated ? Boolean.TRUE : null);
    }
}
