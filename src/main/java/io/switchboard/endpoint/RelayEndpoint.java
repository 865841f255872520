package io.switchboard.endpoint;

import io.switchboard.delivery.Outcome;
import io.switchboard.protocol.Ack;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ProtocolError;
import io.switchboard.protocol.RelaySend;
import io.switchboard.protocol.RelaySendDecoder;
import io.switchboard.security.HandshakeFilter;
import io.switchboard.security.OriginCheckConfigurator;
import io.switchboard.session.CloseReasons;
import io.switchboard.session.EndpointKind;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /relay}: direct messages between connected clients, addressed by the id the server gave each one.
 * The sender's id on a delivered message is always the server's, whatever the client wrote.
 */
@ServerEndpoint(value = "/relay", configurator = OriginCheckConfigurator.class, subprotocols = HandshakeFilter.BEARER)
public class RelayEndpoint extends SwitchboardEndpoint {
    private final RelaySendDecoder decoder = new RelaySendDecoder();

    @OnOpen
    public void onOpen(Session session) {
        if (open(session, EndpointKind.RELAY) != null) {
            registry.enterRelay(peer);
        }
    }

    @OnMessage
    public void onText(String part, boolean last) {
        String frame = wholeText(part, last);
        if (frame == null) {
            return;
        }
        RelaySend send;
        try {
            send = decoder.decode(frame);
        } catch (ProtocolError e) {
            reply(e.toReply(null));
            return;
        }
        try {
            send.validated(registry.config().textMaxChars());
        } catch (ProtocolError e) {
            reply(e.toReply(send.ref()));
            return;
        }
        Outcome outcome = registry.delivery().sendDirect(peer, send.to(), send.text());
        if (!outcome.delivered()) {
            reply(new ErrorReply(ErrorCode.UNKNOWN_RECIPIENT.wireName(),
                    "no client with id '" + send.to() + "' is connected", send.ref()));
            return;
        }
        if (send.ref() != null) {
            reply(new Ack(send.ref()));
        }
        outcome.applyBackPressure();
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last) {
        registry.evict(peer, CloseReasons.BINARY_NOT_ACCEPTED);
    }
}
