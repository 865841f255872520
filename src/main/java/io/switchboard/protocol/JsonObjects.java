package io.switchboard.protocol;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/** Binds one client JSON object to a record, turning every kind of malformed input into a {@code bad-json} error. */
final class JsonObjects {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonObjects() {
    }

    static <T> T bind(String json, Class<T> type) throws ProtocolError {
        int depth = looksLikeObject(json) ? singleValueDepth(json) : NOT_ONE_VALUE;
        // Only nested values reach the binder's skipping code; flat objects need no second parse.
        if (depth == NOT_ONE_VALUE || (depth > 1 && !isWellFormed(json))) {
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

    /**
     * Reads the whole text with the streaming parser, which rejects every syntax error. The binder must only
     * see well-formed JSON: Parsson 1.1's skipping of an unknown field loops forever on a malformed array
     * ({@code {"x":[}}), which would let one tiny frame hold a server thread at full CPU.
     */
    static boolean isWellFormed(String json) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(json))) {
            while (parser.hasNext()) {
                parser.next();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
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
     * Deepest nesting a client message may have. Ours are flat objects; the parser skips unknown deep values
     * in time that grows much faster than their size, so a 40 KB {@code [[[[...]]]]} could hold a thread for
     * minutes. Nothing legitimate comes near this.
     */
    static final int MAX_DEPTH = 16;

    static final int NOT_ONE_VALUE = -1;

    /**
     * The deepest nesting of the text's first JSON value, or {@link #NOT_ONE_VALUE} when that is deeper than
     * {@link #MAX_DEPTH} or anything but whitespace follows it (the binder stops reading after one value, so
     * {@code {}garbage} would otherwise pass). One pass over the characters, tracking strings; the parsers check
     * everything else.
     */
    static int singleValueDepth(String json) {
        int depth = 0;
        int deepest = 0;
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
                if (++depth > MAX_DEPTH) {
                    return NOT_ONE_VALUE;
                }
                deepest = Math.max(deepest, depth);
            } else if ((c == '}' || c == ']') && --depth == 0) {
                for (int j = i + 1; j < json.length(); j++) {
                    if (!Character.isWhitespace(json.charAt(j))) {
                        return NOT_ONE_VALUE;
                    }
                }
                return deepest;
            }
        }
        return Math.max(deepest, 2); // unterminated: let the streaming parser reject it
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
