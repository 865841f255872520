package io.switchboard.protocol;

/** Binds one client JSON object to a record, turning every kind of malformed input into a {@code bad-json} error. */
final class JsonObjects {
    private JsonObjects() {
    }

    static <T> T bind(String json, Class<T> type) throws ProtocolError {
        if (!looksLikeObject(json)) {
            throw new ProtocolError(ErrorCode.BAD_JSON, "expected one JSON object");
        }
        try {
            T value = Json.JSONB.fromJson(json, type);
            if (value == null) {
                throw new ProtocolError(ErrorCode.BAD_JSON, "expected one JSON object");
            }
            return value;
        } catch (RuntimeException | StackOverflowError e) {
            // Parser errors, wrong types, number overflows, nesting too deep: not a message we understand.
            throw new ProtocolError(ErrorCode.BAD_JSON, "not valid JSON for this endpoint");
        }
    }

    static boolean looksLikeObject(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    static void requireType(String actual, String expected, boolean optional) throws ProtocolError {
        if (actual == null ? !optional : !actual.equals(expected)) {
            throw new ProtocolError(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type " + (actual == null ? "(missing)" : "'" + truncate(actual) + "'")
                            + ": expected '" + expected + "'");
        }
    }

    private static String truncate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
