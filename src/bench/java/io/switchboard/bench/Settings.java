package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/** The generator's parameters: system properties {@code bench.*}, with the issue's defaults. */
final class Settings {
    final String host = str("bench.host", "127.0.0.1");
    final int port = integer("bench.port", 8090);
    final String dir = str("bench.dir", "target/bench");
    final List<String> scenarios = list("bench.scenarios", "echo,broadcast-paced,broadcast-burst,relay,idle");
    final boolean baseline = bool("bench.baseline", true);
    final List<String> baselineScenarios = list("bench.baseline.scenarios", "echo,broadcast-paced");
    final String switchboardPath = str("bench.switchboard.path", "/switchboard");
    final String baselinePath = str("bench.baseline.path", "/baseline");
    /** Measured seconds of each timed scenario (echo per size, broadcast-paced, relay). */
    final double duration = dbl("bench.duration", 10);
    /** Unmeasured seconds of the same load before each timed scenario (JIT, buffers, pools). */
    final double warmup = dbl("bench.warmup", 3);
    /** Unmeasured seconds of echo load on each target before the first scenario (a cold JVM compiles). */
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

    final long serverPid = lng("bench.server.pid", 0);
    final String tomcatVersion = str("bench.tomcat.version", "");
    final long fileLimit = lng("bench.fileLimit", 0);

    String wsBase(boolean baselineTarget) {
        return "ws://" + host + ":" + port + (baselineTarget ? baselinePath : switchboardPath);
    }

    static String str(String key, String def) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? def : v.trim();
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
