package io.switchboard.protocol;

/**
 * A relay client's request to deliver {@code text} to the client with id {@code to}. Any {@code from} the
 * client puts in its JSON is not bound: the sender is who the server says it is.
 */
public record RelaySend(String type, String to, String text, String ref) {

    public static final String TYPE = "send";

    /** This message if its fields are acceptable, otherwise an {@code invalid-field} error. */
    public RelaySend validated(int textMaxChars) throws ProtocolError {
        if (to == null || to.isBlank()) {
            throw new ProtocolError(ErrorCode.INVALID_FIELD, "field 'to' is required");
        }
        FieldRules.requireText(text, textMaxChars);
        return this;
    }
}
