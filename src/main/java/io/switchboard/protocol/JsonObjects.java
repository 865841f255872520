package io.switchboard.protocol;

/** Binds one client JSON object to a record, turning every kind of malformed input into a {@code bad-json} error. */
final class JsonObjects {
    private JsonObjects() {
    }

    static <T> T bind(String json, Class<T> type) throws ProtocolError {
        if (!looksLikeObject(json) || hasTrailingContent(json)) {
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

    /**
     * Whether anything but whitespace follows the first top-level object. The binder stops reading after one
     * value, so {@code {}garbage} would otherwise pass; one pass over the characters, tracking strings.
     */
    static boolean hasTrailingContent(String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                for (int j = i + 1; j < json.length(); j++) {
                    if (!Character.isWhitespace(json.charAt(j))) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false; // unterminated: the binder reports it
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
