package io.switchboard.endpoint;

import io.switchboard.hub.EndpointKind;
import io.switchboard.outbox.Frame;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/** {@code /echo}: every text and binary message comes back unchanged, as the same frame type. */
public final class EchoEndpoint extends SwitchboardEndpoint {

    public EchoEndpoint(Services services) {
        super(services);
    }

    @Override
    protected EndpointKind kind() {
        return EndpointKind.ECHO;
    }

    @Override
    protected void opened(Session session) {
        // echo owes a client nothing until it speaks
    }

    @Override
    protected void onText(String message) {
        reply(Frame.text(message));
    }

    @Override
    protected void onBinary(ByteBuffer message) {
        reply(new Frame.Binary(message));
    }
}
