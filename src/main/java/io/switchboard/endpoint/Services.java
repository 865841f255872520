package io.switchboard.endpoint;

import io.switchboard.broker.Broker;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.Peers;

/**
 * What an endpoint instance is given by the composition root: the configuration, this node's peers and the
 * broker. The container makes one endpoint per connection; they all share these parts and keep none of their own.
 *
 * @param authRequired whether a connection must carry an authenticated identity from the handshake
 */
public record Services(SwitchboardConfig config, Peers peers, Broker broker, boolean authRequired) {
}
