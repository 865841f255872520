package io.switchboard.security;

import java.security.Principal;

/**
 * Who a connection is, established at the handshake: the token's subject when authentication is on (else null)
 * and the remote address the connection limits count. Handed to the WebSocket session as its user principal,
 * the one value every container carries from the upgrade request into the session.
 */
public record Identity(String user, String address) implements Principal {

    @Override
    public String getName() {
        return user != null ? user : "anonymous@" + address;
    }
}
