package io.switchboard.broker;

/**
 * The broker's shared store cannot be reached (cluster mode, Redis down): nothing was admitted or delivered.
 * Endpoints answer it with the {@code unavailable} error, or close a joining client with 1013.
 */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
