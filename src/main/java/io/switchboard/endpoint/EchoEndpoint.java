package io.switchboard.endpoint;

import io.switchboard.security.HandshakeFilter;
import io.switchboard.security.OriginCheckConfigurator;
import io.switchboard.session.EndpointKind;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** {@code /echo}: every text and binary message comes back unchanged, as the same frame type. */
@ServerEndpoint(value = "/echo", configurator = OriginCheckConfigurator.class, subprotocols = HandshakeFilter.BEARER)
public class EchoEndpoint extends SwitchboardEndpoint {

    @OnOpen
    public void onOpen(Session session) {
        if (open(session, EndpointKind.ECHO) != null) {
            peer.outbox().release();
        }
    }

    @OnMessage
    public void onText(String part, boolean last) {
        String message = wholeText(part, last);
        if (message != null) {
            reply(message);
        }
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last) {
        ByteBuffer message = wholeBinary(part, last);
        if (message != null) {
            reply(message);
        }
    }
}
