package io.switchboard.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A local two-node cluster for people to try cluster mode: a Redis (the same embedded Redis the tests use) and
 * two nodes of the application, on 127.0.0.1:8080 and 127.0.0.1:8081, each serving the page at
 * {@code /switchboard/}. Run by {@code mvn -Pcluster-run}; Ctrl-C stops all three.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestRedis redis = TestRedis.launch();
        List<EmbeddedTomcat> nodes = List.of(
                EmbeddedTomcat.start(8080, node("node-8080", redis)),
                EmbeddedTomcat.start(8081, node("node-8081", redis)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            nodes.forEach(EmbeddedTomcat::close);
            redis.close();
            stopped.countDown();
        }, "local-cluster-stop"));
        System.out.println("Switchboard cluster: Redis at " + redis.url() + ", nodes at"
                + " http://127.0.0.1:8080/switchboard/ and http://127.0.0.1:8081/switchboard/ (Ctrl-C stops all)");
        stopped.await();
    }

    private static Map<String, String> node(String id, TestRedis redis) {
        return Map.of("switchboard.redis.url", redis.url(), "switchboard.node.id", id,
                "switchboard.heartbeat.scheduler", "executor");
    }
}
