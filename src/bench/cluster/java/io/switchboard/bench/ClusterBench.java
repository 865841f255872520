package io.switchboard.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.testing.NodeProcess;
import io.switchboard.testing.TestRedis;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's cluster variant, {@code mvn -Pbench verify -Dbench.cluster=true}: it stands where cargo's
 * Tomcat stands in the plain benchmark. It starts a Redis and two Switchboard nodes sharing it
 * ({@code bench.cluster.ports}, 127.0.0.1:8091 and 8092), and one node alone without Redis
 * ({@code bench.cluster.singlePort}, 8093), each in a process of its own through the test helpers
 * ({@link TestRedis}, {@link NodeProcess}: embedded Tomcat serving target/classes), so that the figures of one
 * node and of the cluster come from the same server setup; then runs the generator ({@link Bench}) on both, with
 * Redis's CPU read from {@code /proc/PID/stat} beside the nodes'; and stops every process it started, also when a
 * scenario fails or the build is interrupted. It runs on the test class path, which the nodes inherit.
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("bench.cluster", "true");
        Settings.load();
        Settings s = new Settings();
        List<String> jvm = new ArrayList<>();
        for (String options : List.of(s.nodeJvmOptions, s.switchboardOptions)) {
            Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.isEmpty()).forEach(jvm::add);
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        Thread stopAll = new Thread(() -> stop(started), "bench-cluster-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        int code = 2;
        try {
            System.setProperty(TestRedis.EXECUTABLE_PROPERTY, s.redisServer);
            TestRedis redis = TestRedis.launch();
            started.push(redis);
            String redisVersion = redisVersion(redis);
            Run.log("Redis %s at %s, pid %d", redisVersion, redis.url(), redis.pid());
            List<String> bases = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < s.clusterPorts.size(); i++) {
                String id = "bench-n" + (i + 1);
                NodeProcess node = NodeProcess.start(id, s.clusterPorts.get(i),
                        Map.of("switchboard.redis.url", redis.url(), "switchboard.node.id", id), jvm);
                started.push(node::stop);
                bases.add("ws://127.0.0.1:" + node.port() + s.switchboardPath);
                pids.add(node.pid());
                Run.log("node %s: %s", id, node);
            }
            String nodes = bases.size() + (bases.size() == 1 ? " node" : " nodes");
            Target cluster = new Target("cluster", nodes + " + Redis", bases, true, ServerProbe.of(pids, redis.pid()));
            Target single = null;
            if (s.baseline) {
                NodeProcess node = NodeProcess.start("bench-single", s.singlePort, Map.of(), jvm);
                started.push(node::stop);
                single = new Target("single", "1 node alone", List.of("ws://127.0.0.1:" + node.port()
                        + s.switchboardPath), true, ServerProbe.of(List.of(node.pid()), 0));
                Run.log("lone node: %s", node);
            }
            String server = nodes + " on embedded Tomcat "
                    + org.apache.catalina.util.ServerInfo.getServerNumber() + " sharing Redis " + redisVersion
                    + " (" + String.join(" ", jvm) + ")";
            redis(redis, c -> c.configResetstat());
            code = Bench.run(s, cluster, single, server, "mvn -Pbench verify -Dbench.cluster=true");
            commandStats(s, redis);
        } catch (Exception | Error e) {
            e.printStackTrace(System.out);
        } finally {
            stop(started);
        }
        System.exit(code);
    }

    /** Stops what was started, last first (nodes with SIGTERM, then Redis); safe to call twice. */
    private static void stop(Deque<AutoCloseable> started) {
        synchronized (started) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    Run.log("stopping: %s", e);
                }
            }
        }
    }

    /** Redis's version and allocator ({@code 7.0.15 libc}: the bundled static build; jemalloc: Debian's). */
    private static String redisVersion(TestRedis redis) {
        return redis(redis, c -> field(c.info("server"), "redis_version") + " " + field(c.info("memory"), "mem_allocator"));
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "?";
    }

    /**
     * Redis's own account of the run ({@code INFO commandstats}, reset before the first scenario): which commands
     * the nodes sent and the microseconds Redis spent inside each, to set against its process CPU, which also
     * holds the socket reads and writes and the pub/sub fan-out. Printed and kept in redis-commandstats.txt.
     */
    private static void commandStats(Settings s, TestRedis redis) throws java.io.IOException {
        String stats = redis(redis, c -> c.info("commandstats"));
        StringBuilder out = new StringBuilder();
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                out.append(line.substring("cmdstat_".length())).append('\n');
            }
        }
        Run.log("Redis commands during the scenarios (INFO commandstats):%n%s", out.toString().trim());
        java.nio.file.Files.writeString(java.nio.file.Path.of(s.dir, "redis-commandstats.txt"), out);
    }

    private static <T> T redis(TestRedis redis,
            java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> call) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return call.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
