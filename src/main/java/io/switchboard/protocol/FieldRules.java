package io.switchboard.protocol;

/** The field checks shared by relay and chat messages, so both report the same errors in the same words. */
final class FieldRules {
    private FieldRules() {
    }

    static void requireText(String text, int maxChars) throws ProtocolError {
        if (text == null) {
            throw new ProtocolError(ErrorCode.INVALID_FIELD, "field 'text' is required");
        }
        if (text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars) {
            throw new ProtocolError(ErrorCode.INVALID_FIELD, "field 'text' is longer than " + maxChars + " characters");
        }
    }
}
