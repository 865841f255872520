package io.switchboard.endpoint;

import io.switchboard.lifecycle.Switchboard;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ServerMessage;
import io.switchboard.security.Identity;
import io.switchboard.protocol.ServerMessageEncoder;
import io.switchboard.session.CloseReasons;
import io.switchboard.session.EndpointKind;
import io.switchboard.session.Peer;
import io.switchboard.session.Registry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * What the three endpoints share: registering the connection as a {@link Peer}, assembling partial messages
 * under the size limit, answering through the peer's outbox with back-pressure, pongs, and clean-up on close.
 * The container creates one instance per connection, so the fields here belong to one client only.
 */
public abstract class SwitchboardEndpoint {
    private static final Logger LOG = System.getLogger(SwitchboardEndpoint.class.getName());

    /** The reply to a message dropped by the rate limit; the same string every time. */
    private static final String RATE_LIMITED = ServerMessageEncoder.INSTANCE.encodeToJson(new ErrorReply(
            ErrorCode.RATE_LIMITED.wireName(), "too many messages: this one was dropped", null));

    protected Registry registry;
    protected Peer peer;
    private PartialMessages partial;
    private RateLimiter rate;

    /**
     * Registers the session; called first by each endpoint's {@code @OnOpen}. Returns null, having closed the
     * session, when authentication is on and the handshake carried no identity (a container where the
     * handshake filter did not run): the endpoint never serves an unauthenticated client.
     */
    protected final Peer open(Session session, EndpointKind kind) {
        Switchboard app = Switchboard.current();
        if (app.tokenVerifier() != null
                && !(session.getUserPrincipal() instanceof Identity identity && identity.user() != null)) {
            refuse(session, CloseReasons.UNAUTHENTICATED);
            return null;
        }
        registry = app.registry();
        partial = new PartialMessages(registry.config().maxMessageBytes());
        rate = new RateLimiter(registry.config().rateLimitPerSecond(), registry.config().rateLimitBurst(),
                System.nanoTime());
        peer = registry.open(session, kind);
        return peer;
    }

    /** The whole text message once its last part arrived, else null; over the limit the session is closed 1009. */
    protected final String wholeText(String part, boolean last) {
        return accepted(partial.text(part, last));
    }

    /** The whole binary message (a private copy) once its last part arrived, else null; over the limit, 1009. */
    protected final ByteBuffer wholeBinary(ByteBuffer part, boolean last) {
        return accepted(partial.binary(part, last));
    }

    private <T> T accepted(T message) {
        if (partial.tooBig()) {
            registry.evict(peer, CloseReasons.TOO_BIG);
            return null;
        }
        if (message == null) {
            return null;
        }
        switch (rate.onMessage(System.nanoTime())) {
            case ACCEPT -> {
                registry.received();
                return message;
            }
            case DROP -> reply(RATE_LIMITED);
            case CLOSE -> registry.evict(peer, CloseReasons.RATE_LIMITED);
        }
        return null;
    }

    /** Queues a reply for this client; if its own queue backs up, stops reading from it until it drains. */
    protected final void reply(Object frame) {
        peer.outbox().offer(frame);
        if (peer.outbox().congested()) {
            peer.outbox().awaitDrain();
        }
    }

    protected final void reply(ServerMessage message) {
        reply(ServerMessageEncoder.INSTANCE.encodeToJson(message));
    }

    /** Closes this client with {@code reason}; for a refusal before the peer is registered. */
    protected static void refuse(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "Close failed: " + e);
        }
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        if (peer != null) {
            peer.pongReceived();
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (peer != null) {
            registry.closed(peer);
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // Broken connections are routine; the close that follows cleans up.
        LOG.log(Level.DEBUG, () -> "WebSocket error on " + peer + ": " + error);
    }
}
