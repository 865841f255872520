package io.switchboard.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/** The one JSON-B instance the application shares (messages and {@code /status}): creating one is expensive, using one is thread-safe. */
public final class Json {
    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(false));

    private Json() {
    }
}
