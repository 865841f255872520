package io.switchboard.config;

import java.lang.reflect.RecordComponent;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of Switchboard, read once at deployment and validated, then passed to the parts that need it;
 * nothing reads system properties on the hot path. The README's configuration table lists the same keys.
 *
 * @param historySize              chat messages a room retains for {@code ?since=} replay
 * @param textMaxChars             longest accepted chat or relay text, in characters
 * @param maxMessageBytes          largest accepted incoming message on any endpoint; above it the session closes 1009
 * @param sendQueueMax             outbound messages a session may have queued; above it, closed 1008 (slow consumer)
 * @param heartbeatInterval        time between pings to one session
 * @param heartbeatMaxMissed       unanswered pings in a row after which a session is closed 1001
 * @param heartbeatScheduler       {@code auto}, {@code ejb} or {@code executor}: which clock drives the heartbeat
 * @param allowedOrigins           browser origins allowed to connect; empty means same origin as the Host header
 * @param adminEnabled             whether the admin endpoint ({@code POST /admin/disconnect}) is served
 * @param auth                     handshake authentication (off unless a JWT secret or a JWKS is set)
 * @param rateLimitPerSecond       messages per second a session may send, sustained
 * @param rateLimitBurst           messages a session may send at once
 * @param maxConnections           open WebSocket connections in total
 * @param maxConnectionsPerAddress open WebSocket connections per remote address
 * @param maxRooms                 rooms that may exist at once
 * @param roomIdle                 how long an empty room keeps its history before it is removed
 * @param writerThreads            threads that write queued frames to clients (more start beside stuck ones)
 * @param metricsEnabled           whether {@code GET /metrics} (Prometheus text) is served
 * @param metricsToken             bearer token {@code /metrics} requires, or null for none
 * @param apiToken                 bearer token of the HTTP publish API ({@code /api/...}); the API is off when null
 * @param redisUrl                 {@code switchboard.redis.url}: unset (null, the default) runs a single node in
 *                                 memory; set ({@code redis://host:port}, {@code redis://:password@host:port/db},
 *                                 {@code rediss://...}) runs this node in cluster mode on that Redis
 *                                 (docs/CLUSTER.md). {@code historySize}, {@code roomIdle} and {@code maxRooms}
 *                                 then hold cluster-wide.
 * @param nodeId                   {@code switchboard.node.id}: this node's name in the cluster, unique per running
 *                                 node, {@code [A-Za-z0-9_-]{1,32}}; default generated at start (random)
 * @param nodeTtl                  {@code switchboard.cluster.nodeTtlSeconds} (default 10): how soon the other nodes
 *                                 notice a node that died without saying goodbye (its members and relay peers go)
 */
public record SwitchboardConfig(
        int historySize,
        int textMaxChars,
        int maxMessageBytes,
        int sendQueueMax,
        Duration heartbeatInterval,
        int heartbeatMaxMissed,
        String heartbeatScheduler,
        List<String> allowedOrigins,
        boolean adminEnabled,
        AuthSettings auth,
        int rateLimitPerSecond,
        int rateLimitBurst,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxRooms,
        Duration roomIdle,
        int writerThreads,
        boolean metricsEnabled,
        String metricsToken,
        String apiToken,

        String redisUrl,
        String nodeId,
        Duration nodeTtl) {

    public static final String HISTORY_SIZE = "switchboard.history.size";
    public static final String TEXT_MAX_CHARS = "switchboard.text.maxChars";
    public static final String MAX_MESSAGE_BYTES = "switchboard.maxMessageBytes";
    public static final String SEND_QUEUE_MAX = "switchboard.sendQueue.max";
    public static final String HEARTBEAT_INTERVAL = "switchboard.heartbeat.interval";
    public static final String HEARTBEAT_MAX_MISSED = "switchboard.heartbeat.maxMissed";
    public static final String HEARTBEAT_SCHEDULER = "switchboard.heartbeat.scheduler";
    public static final String ALLOWED_ORIGINS = "switchboard.allowedOrigins";
    public static final String ADMIN_ENABLED = "switchboard.admin.enabled";
    public static final String AUTH_JWT_SECRET = "switchboard.auth.jwtSecret";
    public static final String AUTH_ISSUER = "switchboard.auth.issuer";
    public static final String AUTH_AUDIENCE = "switchboard.auth.audience";
    public static final String RATE_LIMIT_PER_SECOND = "switchboard.rateLimit.perSecond";
    public static final String RATE_LIMIT_BURST = "switchboard.rateLimit.burst";
    public static final String MAX_CONNECTIONS = "switchboard.maxConnections";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "switchboard.maxConnectionsPerAddress";
    public static final String MAX_ROOMS = "switchboard.maxRooms";
    public static final String ROOM_IDLE_SECONDS = "switchboard.room.idleSeconds";
    public static final String WRITER_THREADS = "switchboard.writer.threads";
    public static final String AUTH_JWKS_FILE = "switchboard.auth.jwksFile";
    public static final String AUTH_JWKS_URL = "switchboard.auth.jwksUrl";
    public static final String AUTH_JWKS_CACHE_SECONDS = "switchboard.auth.jwksCacheSeconds";
    public static final String AUTH_JWKS_MIN_REFETCH_SECONDS = "switchboard.auth.jwksMinRefetchSeconds";
    public static final String METRICS_ENABLED = "switchboard.metrics.enabled";
    public static final String METRICS_TOKEN = "switchboard.metrics.token";
    public static final String API_TOKEN = "switchboard.api.token";
    /** Bearer tokens shorter than this are refused at deployment: they would be guessable. */
    public static final int MIN_BEARER_TOKEN_CHARS = 16;
    public static final String REDIS_URL = "switchboard.redis.url";
    public static final String NODE_ID = "switchboard.node.id";
    public static final String CLUSTER_NODE_TTL_SECONDS = "switchboard.cluster.nodeTtlSeconds";

    private static final java.util.regex.Pattern NODE_ID_PATTERN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private static final List<String> SCHEDULERS = List.of("auto", "ejb", "executor");

    public SwitchboardConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The documented defaults. */
    public static SwitchboardConfig defaults() {
        return of(Map.of());
    }

    /**
     * The configuration these settings give (keys as documented, values as strings), read and validated by
     * {@link #load} as if they were the only context parameters: system properties and the environment are not
     * consulted. For tests and embedded use.
     */
    public static SwitchboardConfig of(Map<String, String> settings) {
        return load(new ConfigLookup(key -> null, key -> null, settings::get));
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
                oneOf(lookup, HEARTBEAT_SCHEDULER, SCHEDULERS),
                origins(lookup.find(ALLOWED_ORIGINS)),
                bool(lookup, ADMIN_ENABLED, false),
                auth(lookup),
                positiveInt(lookup, RATE_LIMIT_PER_SECOND, 50),
                positiveInt(lookup, RATE_LIMIT_BURST, 100),
                positiveInt(lookup, MAX_CONNECTIONS, 10_000),
                positiveInt(lookup, MAX_CONNECTIONS_PER_ADDRESS, 256),
                positiveInt(lookup, MAX_ROOMS, 10_000),
                Duration.ofSeconds(positiveInt(lookup, ROOM_IDLE_SECONDS, 3600)),
                positiveInt(lookup, WRITER_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors())),
                bool(lookup, METRICS_ENABLED, true),
                bearerToken(lookup, METRICS_TOKEN),
                bearerToken(lookup, API_TOKEN),
                redisUrl(lookup),
                nodeId(lookup),
                Duration.ofSeconds(positiveInt(lookup, CLUSTER_NODE_TTL_SECONDS, 10)));
    }

    /** Every value, with the bearer tokens hidden (the settings can be logged). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SwitchboardConfig[");
        for (RecordComponent component : SwitchboardConfig.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            if (component.getName().endsWith("Token") && value != null) {
                value = "(hidden)";
            }
            text.append(text.charAt(text.length() - 1) == '[' ? "" : ", ").append(component.getName()).append('=')
                    .append(value);
        }
        return text.append(']').toString();

    }

    /** Whether this node runs in cluster mode (a Redis URL is set). */
    public boolean clustered() {
        return redisUrl != null;
    }

    private static String redisUrl(ConfigLookup lookup) {
        String raw = lookup.find(REDIS_URL);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.trim();
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            // The URL may hold a password: never put it in the message.
            throw new ConfigException(REDIS_URL, "(hidden)", "a redis:// or rediss:// URL");
        }
        return value;
    }

    private static String nodeId(ConfigLookup lookup) {
        String raw = lookup.find(NODE_ID);
        if (raw == null || raw.isBlank()) {
            return generatedNodeId();
        }
        String value = raw.trim();
        if (!NODE_ID_PATTERN.matcher(value).matches()) {
            throw new ConfigException(NODE_ID, raw, "1 to 32 of [A-Za-z0-9_-]");
        }
        return value;
    }

    /** Eight random base-36 characters: unique enough among the nodes of one cluster. */
    private static String generatedNodeId() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder id = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
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

    private static String oneOf(ConfigLookup lookup, String key, List<String> allowed) {
        String raw = lookup.find(key);
        if (raw == null) {
            return allowed.get(0);
        }
        String value = raw.toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new ConfigException(key, raw, "one of " + allowed);
        }
        return value;
    }

    private static AuthSettings auth(ConfigLookup lookup) {
        String secret = lookup.find(AUTH_JWT_SECRET);
        String jwksFile = lookup.find(AUTH_JWKS_FILE);
        String jwksUrl = jwksUrl(lookup);
        Duration cache = Duration.ofSeconds(positiveInt(lookup, AUTH_JWKS_CACHE_SECONDS,
                (int) AuthSettings.DEFAULT_JWKS_CACHE_TIME.toSeconds()));
        Duration minRefetch = Duration.ofSeconds(positiveInt(lookup, AUTH_JWKS_MIN_REFETCH_SECONDS,
                (int) AuthSettings.DEFAULT_JWKS_MIN_REFETCH.toSeconds()));
        if (minRefetch.compareTo(cache) >= 0) {
            throw new ConfigException(AUTH_JWKS_MIN_REFETCH_SECONDS, Long.toString(minRefetch.toSeconds()),
                    "less than " + AUTH_JWKS_CACHE_SECONDS + " (" + cache.toSeconds() + ")");
        }
        if (secret == null && jwksFile == null && jwksUrl == null) {
            return AuthSettings.OFF;
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < AuthSettings.MIN_SECRET_BYTES) {
            // The value itself is a secret: never put it in the message.
            throw new ConfigException(AUTH_JWT_SECRET, "(hidden)",
                    "at least " + AuthSettings.MIN_SECRET_BYTES + " bytes for HS256");
        }
        if (jwksFile != null && jwksUrl != null) {
            throw new ConfigException(AUTH_JWKS_FILE, jwksFile, "unset when " + AUTH_JWKS_URL + " is set (one JWKS)");
        }
        return new AuthSettings(secret, lookup.find(AUTH_ISSUER), lookup.find(AUTH_AUDIENCE), jwksFile, jwksUrl,
                cache, minRefetch);
    }

    private static String jwksUrl(ConfigLookup lookup) {
        String raw = lookup.find(AUTH_JWKS_URL);
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                uri.toURL();
                return raw;
            }
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException(AUTH_JWKS_URL, raw, "an http or https URL");
    }

    private static String bearerToken(ConfigLookup lookup, String key) {
        String token = lookup.find(key);
        if (token != null && (token.length() < MIN_BEARER_TOKEN_CHARS || !token.chars().allMatch(c -> c > 32 && c < 127))) {
            // The value itself is a secret: never put it in the message.
            throw new ConfigException(key, "(hidden)",
                    "at least " + MIN_BEARER_TOKEN_CHARS + " printable ASCII characters without spaces");
        }
        return token;
    }

    private static List<String> origins(String raw) {
        if (raw == null) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
