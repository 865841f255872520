package io.switchboard.protocol;

/** A chat client's message to its room: the tutorial's {@code {"username","text"}} shape, {@code type} optional. */
public record ChatPost(String type, String username, String text) {

    public static final String TYPE = "chat";
    /** Longest accepted username, in characters. */
    public static final int USERNAME_MAX_CHARS = 64;

    /**
     * This message if its fields are acceptable, otherwise an {@code invalid-field} error. With authentication
     * the server sets the username, so the client need not send one.
     */
    public ChatPost validated(int textMaxChars, boolean usernameRequired) throws ProtocolError {
        if (!usernameRequired && username == null) {
            FieldRules.requireText(text, textMaxChars);
            return this;
        }
        if (username == null || username.isBlank()) {
            throw new ProtocolError(ErrorCode.INVALID_FIELD, "field 'username' is required");
        }
        if (username.codePointCount(0, username.length()) > USERNAME_MAX_CHARS) {
            throw new ProtocolError(ErrorCode.INVALID_FIELD,
                    "field 'username' is longer than " + USERNAME_MAX_CHARS + " characters");
        }
        FieldRules.requireText(text, textMaxChars);
        return this;
    }
}
