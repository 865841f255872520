package io.switchboard.protocol;

/**
 * A client message that cannot be accepted, with the error code the client is told.
 */
public class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolError(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The reply this error becomes, carrying the client's {@code ref} when it gave one. */
    public ErrorReply toReply(String ref) {
        return new ErrorReply(code.wireName(), getMessage(), ref);
    }
}
