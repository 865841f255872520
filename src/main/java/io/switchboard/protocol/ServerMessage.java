package io.switchboard.protocol;

/**
 * A message the server sends to a client. Every one is a record with a {@code type} component first, so
 * its JSON starts with {@code "type"}.
 */
public sealed interface ServerMessage
        permits RelayWelcome, PeerJoined, PeerLeft, DirectMessage, Ack, ErrorReply,
                RoomWelcome, ChatMessage, Presence {

    /** The wire {@code type} of this message. */
    String type();
}
