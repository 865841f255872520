package io.switchboard.protocol;

/**
 * Encodes everything the server sends with JSON-B. Callers encode a message once and hand the same string
 * to every recipient's outbox.
 */
public final class ServerMessageEncoder {

    /** Shared instance: the encoder keeps no state. */
    public static final ServerMessageEncoder INSTANCE = new ServerMessageEncoder();

    /** The message as JSON: encoding our own records cannot fail on input. */
    public String encodeToJson(ServerMessage message) {
        return Json.JSONB.toJson(message);
    }
}
