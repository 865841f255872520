package io.switchboard.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * First broadcast frame: the room, its latest {@code seq} and member count. {@code epoch} (cluster mode only)
 * names the room's history: it changes only when that history was lost. {@code truncated} is present (true) only
 * when messages the client asked for with {@code since} were already dropped from history, or when the client's
 * {@code epoch} is not the current one (the history it counted in was reset).
 */
@JsonbPropertyOrder({"type", "room", "seq", "members", "epoch", "truncated"})
public record RoomWelcome(String type, String room, long seq, int members, String epoch, Boolean truncated)
        implements ServerMessage {
    public RoomWelcome(String room, long seq, int members, boolean truncated) {
        this(room, seq, members, null, truncated);
    }

    public RoomWelcome(String room, long seq, int members, String epoch, boolean truncated) {
        this("welcome", room, seq, members, epoch, truncated ? Boolean.TRUE : null);
    }
}
