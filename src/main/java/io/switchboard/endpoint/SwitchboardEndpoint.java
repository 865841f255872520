package io.switchboard.endpoint;

import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Peer;
import io.switchboard.outbox.Frame;
import io.switchboard.outbox.Outbox;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ServerMessage;
import io.switchboard.protocol.ServerMessageEncoder;
import io.switchboard.security.Identity;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * What the three endpoints share: registering the connection as a {@link Peer}, assembling partial messages
 * under the size limit, the rate limit, answering through the peer's outbox, pongs, and clean-up on close.
 * The container creates one instance per connection (through the composition root's configurator), so the
 * fields here belong to one client only; shared parts come in {@link Services}.
 */
public abstract class SwitchboardEndpoint extends Endpoint {
    private static final Logger LOG = System.getLogger(SwitchboardEndpoint.class.getName());

    /** The reply to a message dropped by the rate limit; the same frame every time. */
    private static final Frame RATE_LIMITED = Frame.text(ServerMessageEncoder.INSTANCE.encodeToJson(new ErrorReply(
            ErrorCode.RATE_LIMITED.wireName(), "too many messages: this one was dropped", null)));

    protected final Services services;
    protected Peer peer;
    private PartialMessages partial;
    private RateLimiter rate;

    protected SwitchboardEndpoint(Services services) {
        this.services = services;
    }

    /** Which service this is, for {@code /status}. */
    protected abstract EndpointKind kind();

    /** Why this connection is refused before it is registered (a bad parameter), or null to accept it. */
    protected CloseReason refusal(Session session) {
        return null;
    }

    /**
     * The peer is registered and its handlers are in place: queue its first frame and make it visible. Nothing
     * is written to the client until this returns; then its outbox starts, welcome first.
     */
    protected abstract void opened(Session session);

    /** One whole text message that passed the size and rate limits. */
    protected abstract void onText(String message);

    /** One whole binary message that passed the limits; JSON endpoints close with 1003. */
    protected void onBinary(ByteBuffer message) {
        services.peers().evict(peer, CloseReasons.BINARY_NOT_ACCEPTED);
    }

    @Override
    public final void onOpen(Session session, EndpointConfig config) {
        if (services.authRequired()
                && !(session.getUserPrincipal() instanceof Identity identity && identity.user() != null)) {
            // a container where the handshake filter did not run: never serve an unauthenticated client
            refuse(session, CloseReasons.UNAUTHENTICATED);
            return;
        }
        CloseReason refusal = refusal(session);
        if (refusal != null) {
            refuse(session, refusal);
            return;
        }
        partial = new PartialMessages(services.config().maxMessageBytes());
        rate = new RateLimiter(services.config().rateLimitPerSecond(), services.config().rateLimitBurst(),
                System.nanoTime());
        peer = services.peers().open(session, kind());
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::textPart);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::binaryPart);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> peer.pongReceived());
        opened(session);
        peer.outbox().start();
    }

    private void textPart(String part, boolean last) {
        String message = accepted(partial.text(part, last));
        if (message != null) {
            onText(message);
        }
    }

    private void binaryPart(ByteBuffer part, boolean last) {
        ByteBuffer message = accepted(partial.binary(part, last));
        if (message != null) {
            onBinary(message);
        }
    }

    private <T> T accepted(T message) {
        if (partial.tooBig()) {
            services.peers().evict(peer, CloseReasons.TOO_BIG);
            return null;
        }
        if (message == null || peer.hasLeft()) {
            return null;
        }
        switch (rate.onMessage(System.nanoTime())) {
            case ACCEPT -> {
                services.peers().counters().received();
                return message;
            }
            case DROP -> reply(RATE_LIMITED);
            case CLOSE -> services.peers().evict(peer, CloseReasons.RATE_LIMITED);
        }
        return null;
    }

    /**
     * Answers this client on its own reader thread (see {@link Outbox#reply}); if its queue backs up, stops
     * reading from it until it drains.
     */
    protected final void reply(Frame frame) {
        Outbox outbox = peer.outbox();
        if (outbox.reply(frame) && outbox.congested()) {
            outbox.awaitDrain();
        }
    }

    protected final void reply(ServerMessage message) {
        reply(Frame.text(ServerMessageEncoder.INSTANCE.encodeToJson(message)));
    }

    /** Closes this client with {@code reason}; for a refusal before the peer is registered. */
    private void refuse(Session session, CloseReason reason) {
        services.peers().counters().closedFor(reason);
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "Close failed: " + e);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (peer != null) {
            services.peers().ended(peer);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        // Broken connections are routine; the close that follows cleans up.
        LOG.log(Level.DEBUG, () -> "WebSocket error on " + peer + ": " + error);
    }
}
