package io.switchboard.security;

/** A handshake token that is missing, malformed, badly signed, expired or for another issuer or audience. */
public class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
