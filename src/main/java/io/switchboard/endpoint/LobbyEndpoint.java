package io.switchboard.endpoint;

import io.switchboard.security.HandshakeFilter;
import io.switchboard.security.OriginCheckConfigurator;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /broadcast}: the tutorial's single chat room, which is the room named {@code lobby}. */
@ServerEndpoint(value = "/broadcast", configurator = OriginCheckConfigurator.class, subprotocols = HandshakeFilter.BEARER)
public class LobbyEndpoint extends BroadcastEndpoint {
}
