package io.switchboard.protocol;

/** The documented error codes a client can receive in an {@code error} message, with their wire names. */
public enum ErrorCode {
    BAD_JSON("bad-json"),
    UNKNOWN_TYPE("unknown-type"),
    INVALID_FIELD("invalid-field"),
    UNKNOWN_RECIPIENT("unknown-recipient"),
    RATE_LIMITED("rate-limited"),
    /** Cluster mode: this node cannot reach the broker (Redis); the message was not delivered to anyone. */
    UNAVAILABLE("unavailable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
