package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a client sends, decoding and validation end in a valid message or a {@link ProtocolError} with a
 * documented code: never another exception.
 */
class DecoderProperties {
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_JSON, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.INVALID_FIELD);
    private static final List<String> FIELDS = List.of("type", "to", "text", "ref", "from", "username", "extra", "");

    private final RelaySendDecoder relay = new RelaySendDecoder();
    private final ChatPostDecoder chat = new ChatPostDecoder();

    /** Decodes and validates as the endpoints do; returns normally or throws only ProtocolError. */
    private void handle(String frame) {
        try {
            relay.decode(frame).validated(4096);
        } catch (ProtocolError e) {
            assertTrue(DOCUMENTED.contains(e.code()), e.code().toString());
        }
        try {
            chat.decode(frame).validated(4096, true);
        } catch (ProtocolError e) {
            assertTrue(DOCUMENTED.contains(e.code()), e.code().toString());
        }
    }

    @Property
    void anyStringDecodesOrIsAProtocolError(@ForAll String frame) {
        handle(frame);
    }

    @Property
    void anyBytesDecodeOrAreAProtocolError(@ForAll byte[] bytes) {
        handle(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property
    void anyJsonObjectDecodesOrIsAProtocolError(@ForAll("objects") String json) {
        handle(json);
    }

    @Property(tries = 50)
    void deeplyNestedJsonIsBadJsonNotACrash(@ForAll @IntRange(min = 1, max = 20_000) int depth) {
        String nested = "{\"text\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"username\":\"a\"}";
        handle(nested);
        handle("{\"text\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
    }

    @Property
    void everySubsetOfFieldsIsHandled(@ForAll("fieldSubsets") Map<String, String> fields) {
        handle(fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}")));
    }

    @Provide
    Arbitrary<String> objects() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), values()).ofMaxSize(6)
                .map(m -> m.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
    }

    @Provide
    Arbitrary<Map<String, String>> fieldSubsets() {
        return Arbitraries.subsetOf("type", "to", "text", "username", "ref")
                .map(keys -> keys.stream().collect(Collectors.toMap(k -> k,
                        k -> k.equals("type") ? "\"send\"" : "\"v\"")));
    }

    private Arbitrary<String> values() {
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(50).map(DecoderProperties::quote);
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000001", "-0"));
        Arbitrary<String> literals = Arbitraries.of("true", "false", "null", "[]", "{}", "[1,\"a\",null]",
                "{\"nested\":{\"deeper\":[1,2,3]}}");
        Arbitrary<String> broken = Arbitraries.of("", "tru", "\"unterminated", "[1,", "{\"a\":}", "01", "NaN");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, strings),
                net.jqwik.api.Tuple.of(2, numbers),
                net.jqwik.api.Tuple.of(2, literals),
                net.jqwik.api.Tuple.of(1, broken));
    }

    /** {@code s} as a JSON string literal, written by the JSON-P implementation the application bundles. */
    private static String quote(String s) {
        return Json.createValue(s).toString();
    }

    @Property
    void combinedGarbageNeverCrashes(@ForAll("objects") String a, @ForAll String b) {
        handle(a + b);
        handle(b + a);
        handle(a.substring(0, a.length() / 2));
    }
}
