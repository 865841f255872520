package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's parameters: system properties {@code bench.*}, with the defaults below. This is the one place
 * the defaults are kept: {@code mvn -Pbench verify} forwards only the {@code bench.*} properties that are set
 * (on the command line or in the bench profile) through a properties file, {@code bench.propertiesFile}, which
 * {@link #load} reads; a system property given to the generator JVM directly wins over the file.
 */
final class Settings {
    /** The cluster variant's scenarios: broadcast with subscribers on every node, relay between nodes. */
    static final String CLUSTER_SCENARIOS = "broadcast-paced-200,broadcast-paced,relay";

    final String host = str("bench.host", "127.0.0.1");
    final int port = integer("bench.port", 8090);
    final String dir = str("bench.dir", "target/bench");
    /** Which server runs both WARs (the bench profile starts it): tomcat, wildfly or payara; reported only. */
    final String server = str("bench.server", "tomcat");
    /** Its version, from {@code bench.version.<server>} (the bench profile passes the pom's versions). */
    final String serverVersion = str("bench.version." + server, "");
    /**
     * The cluster variant ({@code mvn -Pbench verify -Dbench.cluster=true}, run by {@code ClusterBench}): the
     * scenarios on nodes sharing a Redis next to the same scenarios on one node alone (which takes the baseline's
     * place: {@code bench.baseline=false} skips it).
     */
    final boolean cluster = bool("bench.cluster", false);
    final List<String> scenarios = list("bench.scenarios", cluster ? CLUSTER_SCENARIOS
            : "echo,broadcast-paced-200,broadcast-paced,broadcast-burst,relay,idle");
    final boolean baseline = bool("bench.baseline", true);
    final List<String> baselineScenarios = list("bench.baseline.scenarios", cluster ? String.join(",", scenarios)
            : "echo,broadcast-paced-200,broadcast-paced,broadcast-burst,relay");
    /** {@code per-frame}: one write call per WebSocket frame (browsers); {@code coalesced}: one per loop pass. */
    final String writes = choice("bench.writes", "per-frame", "per-frame", "coalesced");
    final String switchboardPath = str("bench.switchboard.path", "/switchboard");
    final String baselinePath = str("bench.baseline.path", "/baseline");
    /** Measured seconds of each timed scenario (echo per size, broadcast-paced, relay). */
    final double duration = dbl("bench.duration", 10);
    /** Unmeasured seconds of the same load before each timed scenario (JIT, buffers, pools; longer on a cluster). */
    final double warmup = dbl("bench.warmup", cluster ? 5 : 3);
    /**
     * Unmeasured seconds of echo load on each target before the first scenario (a cold JVM compiles); in the
     * cluster variant, of broadcast at {@code bench.paced.rate} and then half as long of relay instead.
     */
    final double jvmWarmup = dbl("bench.jvmWarmup", 10);
    /** How many selector threads the generator's connections share. */
    final int clients = integer("bench.loops", 1);

    final int echoConnections = integer("bench.echo.connections", 50);
    final int echoInFlight = integer("bench.echo.inflight", 8);
    final List<Integer> echoSizes = ints("bench.echo.sizes", "64,4096");
    /** Echo alternates Switchboard and baseline rounds; the duration is split over them. */
    final int echoRounds = integer("bench.echo.rounds", 2);

    final int pacedSubscribers = integer("bench.paced.subscribers", 100);
    final int pacedRate = integer("bench.paced.rate", 1000);
    /** {@code broadcast-paced-200}: the same room at a chat-like rate (200 x 100 = 20,000 deliveries/s). */
    final int paced200Rate = integer("bench.paced200.rate", 200);

    final int burstSubscribers = integer("bench.burst.subscribers", 100);
    final int burstMessages = integer("bench.burst.messages", 20000);
    final double burstTimeout = dbl("bench.burst.timeout", 300);
    /** A burst ends early when no subscriber received anything for this long. */
    final double stallTimeout = dbl("bench.stall.timeout", 30);

    final int relayPairs = integer("bench.relay.pairs", 25);
    final int relayInFlight = integer("bench.relay.inflight", 8);

    final int idleConnections = integer("bench.idle.connections", 10000);
    final double idleHold = dbl("bench.idle.hold", 10);
    final int idleOpenConcurrency = integer("bench.idle.openConcurrency", 200);

    /** Cluster variant: the nodes' ports (one node per port, all on one Redis) and the lone node's port. */
    final List<Integer> clusterPorts = ints("bench.cluster.ports", "8091,8092");
    final int singlePort = integer("bench.cluster.singlePort", 8093);
    /** Cluster variant: a redis-server to run instead of the bundled static one (e.g. /usr/bin/redis-server). */
    final String redisServer = str("bench.cluster.redisServer", "");
    /** Cluster variant: each node's JVM options (Tomcat's WebSocket buffers as on the bench's Tomcat). */
    final String nodeJvmOptions = str("bench.cluster.nodeJvmOptions",
            "-Xms256m -Xmx2g -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048");
    /** The server's switchboard.* options as -Dkey=value (the bench profile's admission limits). */
    final String switchboardOptions = str("bench.switchboard.options", "");
    /**
     * Cluster variant: seconds of each target's CPU measured with no client connected, after the warm-up (what
     * nodes and Redis spend on their own: heartbeats, ticks, the Redis client's threads). 0 skips it.
     */
    final double idleCpuSeconds = dbl("bench.cluster.idleSeconds", 5);

    final long serverPid = lng("bench.server.pid", 0);
    final long fileLimit = lng("bench.fileLimit", 0);

    String wsBase(boolean baselineTarget) {
        return "ws://" + host + ":" + port + (baselineTarget ? baselinePath : switchboardPath);
    }

    /** How the client writes frames, for the header, the table and results.json. */
    String writesDescription() {
        return writes.equals("per-frame") ? "per-frame (one write call per frame, TCP_NODELAY)"
                : "coalesced (one write call per connection per selector pass, TCP_NODELAY)";
    }

    /**
     * Copies the {@code bench.*} properties from {@code bench.propertiesFile} (Java properties, written by the
     * bench profile from Maven's properties) into the system properties that are not set yet.
     */
    static void load() throws java.io.IOException {
        String file = System.getProperty("bench.propertiesFile");
        if (file == null || file.isBlank()) {
            return;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("bench.") && System.getProperty(key) == null) {
                System.setProperty(key, p.getProperty(key));
            }
        }
    }

    static String str(String key, String def) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    static String choice(String key, String def, String... allowed) {
        String v = str(key, def);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(key + "=" + v + ": expected one of " + String.join(", ", allowed));
    }

    static int integer(String key, int def) {
        return Integer.parseInt(str(key, Integer.toString(def)));
    }

    static long lng(String key, long def) {
        return Long.parseLong(str(key, Long.toString(def)));
    }

    static double dbl(String key, double def) {
        return Double.parseDouble(str(key, Double.toString(def)));
    }

    static boolean bool(String key, boolean def) {
        return Boolean.parseBoolean(str(key, Boolean.toString(def)));
    }

    static List<String> list(String key, String def) {
        List<String> out = new ArrayList<>();
        for (String part : str(key, def).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    static List<Integer> ints(String key, String def) {
        List<Integer> out = new ArrayList<>();
        for (String part : list(key, def)) {
            out.add(Integer.parseInt(part));
        }
        return out;
    }
}
