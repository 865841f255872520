package io.switchboard.endpoint;

import io.switchboard.broker.BrokerUnavailableException;
import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Outcome;
import io.switchboard.protocol.Ack;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ProtocolError;
import io.switchboard.protocol.RelaySend;
import io.switchboard.protocol.RelaySendDecoder;
import jakarta.websocket.Session;

/**
 * {@code /relay}: direct messages between connected clients, addressed by the id the server gave each one.
 * The sender's id on a delivered message is always the server's, whatever the client wrote.
 */
public final class RelayEndpoint extends SwitchboardEndpoint {
    private final RelaySendDecoder decoder = new RelaySendDecoder();

    public RelayEndpoint(Services services) {
        super(services);
    }

    @Override
    protected EndpointKind kind() {
        return EndpointKind.RELAY;
    }

    @Override
    protected void opened(Session session) {
        try {
            services.broker().enterRelay(peer);
        } catch (BrokerUnavailableException e) {
            services.peers().evict(peer, CloseReasons.UNAVAILABLE);
        }
    }

    @Override
    protected void onText(String frame) {
        RelaySend send;
        try {
            send = decoder.decode(frame);
        } catch (ProtocolError e) {
            reply(e.toReply(null));
            return;
        }
        try {
            send.validated(services.config().textMaxChars());
        } catch (ProtocolError e) {
            reply(e.toReply(send.ref()));
            return;
        }
        Outcome outcome = services.broker().sendDirect(peer.id(), peer.user(), send.to(), send.text());
        if (outcome.status() == Outcome.Status.UNAVAILABLE) {
            reply(new ErrorReply(ErrorCode.UNAVAILABLE.wireName(),
                    "the message was not delivered: the broker cannot be reached; try again", send.ref()));
            return;
        }
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
}
