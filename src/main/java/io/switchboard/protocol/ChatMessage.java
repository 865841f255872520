package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A chat message as every member of the room receives it, numbered by the room's {@code seq}. */
@JsonbPropertyOrder({"type", "room", "seq", "username", "text", "time"})
public record ChatMessage(String type, String room, long seq, String username, String text, String time)
        implements ServerMessage {
    public ChatMessage(String room, long seq, String username, String text, String time) {
        this("chat", room, seq, username, text, time);
    }
}
