package io.switchboard.app;

import io.switchboard.security.OriginPolicy;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.function.Supplier;

/**
 * How the container gets an endpoint instance: made by the composition root with its parts, never by a
 * no-argument constructor and a static lookup. Also refuses (403) a handshake whose Origin is not on the
 * configured allow-list, on any container, servlet or not; the same-origin default needs the Host header and
 * is checked by the handshake filter.
 */
final class EndpointConfigurator extends ServerEndpointConfig.Configurator {
    private final Supplier<?> factory;
    private final OriginPolicy originPolicy;

    EndpointConfigurator(Supplier<?> factory, OriginPolicy originPolicy) {
        this.factory = factory;
        this.originPolicy = originPolicy;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(factory.get());
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return originPolicy.allowsListed(originHeaderValue);
    }
}
