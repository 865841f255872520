package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A chat message as every member of the room receives it, numbered by the room's {@code seq}. */
@JsonbPropertyOrder({"type", "room", "seq", "username", "text", "time"})
public record ChatMessage(String type, String room, long seq, String username, String text, String time)
        implements ServerMessage {
    public ChatMessage(String room, long seq, String username, String text, String time) {
        this("chat", room, seq, username, text, time);
    }

    /**
     * The JSON of a chat message before it has its {@code seq}: everything that costs (escaping the text) is
     * done by the publisher's thread, and numbering joins a number between two strings. Encodes exactly as
     * JSON-B encodes the record.
     */
    public static Unnumbered unnumbered(String room, String username, String text, String time) {
        StringBuilder tail = new StringBuilder(text.length() + 64);
        if (username != null) {
            tail.append(",\"username\":").append(Json.JSONB.toJson(username));
        }
        tail.append(",\"text\":").append(Json.JSONB.toJson(text))
                .append(",\"time\":").append(Json.JSONB.toJson(time)).append('}');
        return new Unnumbered("{\"type\":\"chat\",\"room\":" + Json.JSONB.toJson(room) + ",\"seq\":", tail.toString());
    }

    /** A chat message's JSON in two halves around its {@code seq}. */
    public record Unnumbered(String head, String tail) {
        public String numbered(long seq) {
            return head + seq + tail;
        }
    }
}
