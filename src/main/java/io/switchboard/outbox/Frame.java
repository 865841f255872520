package io.switchboard.outbox;

import java.nio.ByteBuffer;

/**
 * One WebSocket frame the server owes a client. Typed, so a wrong kind of object can never reach the container
 * (and be reported as a broken connection); a broadcast wraps its encoded JSON in one {@link Text} and hands that
 * same instance to every member's outbox.
 */
public sealed interface Frame permits Frame.Text, Frame.Binary, Frame.Ping {

    /** The ping every heartbeat sends (no payload). */
    Ping PING = new Ping();

    /** A text frame. */
    record Text(String text) implements Frame {
    }

    /** A binary frame; the outbox sends {@code bytes} from its position and the caller no longer touches it. */
    record Binary(ByteBuffer bytes) implements Frame {
    }

    /** A ping control frame, for the heartbeat. */
    final class Ping implements Frame {
        private Ping() {
        }
    }

    static Text text(String text) {
        return new Text(text);
    }
}
