package io.switchboard.protocol;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/**
 * JSON-B encoder for everything the server sends. Callers encode a message once and hand the same string
 * to every recipient's outbox.
 */
public final class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

    /** Shared instance: the encoder keeps no state. */
    public static final ServerMessageEncoder INSTANCE = new ServerMessageEncoder();

    @Override
    public String encode(ServerMessage message) throws EncodeException {
        return encodeToJson(message);
    }

    /** Same as {@link #encode} without the checked exception: encoding our own records cannot fail on input. */
    public String encodeToJson(ServerMessage message) {
        return Json.JSONB.toJson(message);
    }
}
