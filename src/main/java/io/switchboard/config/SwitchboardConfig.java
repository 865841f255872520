package io.switchboard.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Every setting of Switchboard, read once at deployment and validated, then passed to the parts that need it;
 * nothing reads system properties on the hot path.
 *
 * @param historySize          chat messages a room retains for {@code ?since=} replay
 * @param textMaxChars         longest accepted chat or relay text, in characters
 * @param maxMessageBytes      largest accepted incoming message on any endpoint; above it the session closes 1009
 * @param sendQueueMax         outbound messages a session may have queued; above it it is closed 1008 (slow consumer)
 * @param heartbeatInterval    time between pings to one session
 * @param heartbeatMaxMissed   unanswered pings in a row after which a session is closed 1001
 * @param allowedOrigins       browser origins allowed to connect; empty means same origin as the Host header, {@code *} any
 * @param adminEnabled         whether the admin endpoint ({@code POST /admin/disconnect}) is served
 */
public record SwitchboardConfig(
        int historySize,
        int textMaxChars,
        int maxMessageBytes,
        int sendQueueMax,
        Duration heartbeatInterval,
        int heartbeatMaxMissed,
        List<String> allowedOrigins,
        boolean adminEnabled) {

    public static final String HISTORY_SIZE = "switchboard.history.size";
    public static final String TEXT_MAX_CHARS = "switchboard.text.maxChars";
    public static final String MAX_MESSAGE_BYTES = "switchboard.maxMessageBytes";
    public static final String SEND_QUEUE_MAX = "switchboard.sendQueue.max";
    public static final String HEARTBEAT_INTERVAL = "switchboard.heartbeat.interval";
    public static final String HEARTBEAT_MAX_MISSED = "switchboard.heartbeat.maxMissed";
    public static final String ALLOWED_ORIGINS = "switchboard.allowedOrigins";
    public static final String ADMIN_ENABLED = "switchboard.admin.enabled";

    public SwitchboardConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The documented defaults. */
    public static SwitchboardConfig defaults() {
        return load(new ConfigLookup(key -> null, key -> null, key -> null));
    }

    /** Reads and validates every key; an invalid value throws {@link ConfigException} naming the key. */
    public static SwitchboardConfig load(ConfigLookup lookup) {
        return new SwitchboardConfig(
                positiveInt(lookup, HISTORY_SIZE, 1000),
                positiveInt(lookup, TEXT_MAX_CHARS, 4096),
                positiveInt(lookup, MAX_MESSAGE_BYTES, 65536),
                positiveInt(lookup, SEND_QUEUE_MAX, 256),
                Duration.ofSeconds(positiveInt(lookup, HEARTBEAT_INTERVAL, 30)),
                positiveInt(lookup, HEARTBEAT_MAX_MISSED, 3),
                origins(lookup.find(ALLOWED_ORIGINS)),
                bool(lookup, ADMIN_ENABLED, false));
    }

    /** A copy with other values, for tests and embedded use. */
    public SwitchboardConfig with(java.util.function.UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    private static int positiveInt(ConfigLookup lookup, String key, int defaultValue) {
        String raw = lookup.find(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, raw, "a positive integer");
    }

    private static boolean bool(ConfigLookup lookup, String key, boolean defaultValue) {
        String raw = lookup.find(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new ConfigException(key, raw, "true or false");
    }

    private static List<String> origins(String raw) {
        if (raw == null) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Mutable copy of a configuration, so tests can change one value and keep the rest. */
    public static final class Builder {
        public int historySize;
        public int textMaxChars;
        public int maxMessageBytes;
        public int sendQueueMax;
        public Duration heartbeatInterval;
        public int heartbeatMaxMissed;
        public List<String> allowedOrigins;
        public boolean adminEnabled;

        Builder(SwitchboardConfig c) {
            historySize = c.historySize;
            textMaxChars = c.textMaxChars;
            maxMessageBytes = c.maxMessageBytes;
            sendQueueMax = c.sendQueueMax;
            heartbeatInterval = c.heartbeatInterval;
            heartbeatMaxMissed = c.heartbeatMaxMissed;
            allowedOrigins = c.allowedOrigins;
            adminEnabled = c.adminEnabled;
        }

        SwitchboardConfig build() {
            return new SwitchboardConfig(historySize, textMaxChars, maxMessageBytes, sendQueueMax,
                    heartbeatInterval, heartbeatMaxMissed, allowedOrigins, adminEnabled);
        }
    }
}
