package io.switchboard.security;

import io.switchboard.lifecycle.Switchboard;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The endpoints' configurator: refuses (403) a handshake whose Origin is not on the configured allow-list,
 * on any container, servlet or not. The same-origin default needs the Host header and is checked by
 * {@link HandshakeFilter}.
 */
public class OriginCheckConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return Switchboard.current().originPolicy().allowsListed(originHeaderValue);
    }
}
