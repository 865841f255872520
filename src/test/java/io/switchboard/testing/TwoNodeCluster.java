package io.switchboard.testing;

import io.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis and two Switchboard nodes sharing it, {@code a} and {@code b}, each on embedded Tyrus in the test
 * JVM: the cluster most cluster tests need, started before a class's first test and stopped after its last.
 * {@code @RegisterExtension static final TwoNodeCluster cluster = TwoNodeCluster.perClass();}
 */
public final class TwoNodeCluster implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private TestRedis redis;
    private TestServer a;
    private TestServer b;

    private TwoNodeCluster(Map<String, String> settings) {
        this.settings = settings;
    }

    public static TwoNodeCluster perClass() {
        return perClass(Map.of());
    }

    /** Both nodes configured as {@link #node} says, plus {@code settings}. */
    public static TwoNodeCluster perClass(Map<String, String> settings) {
        return new TwoNodeCluster(settings);
    }

    /** Node {@code id} on the Redis at {@code redisUrl}: rate limits lifted, a dead node noticed within 2 s. */
    public static Map<String, String> node(String id, String redisUrl) {
        return TestServer.unthrottled(Map.of(SwitchboardConfig.REDIS_URL, redisUrl, SwitchboardConfig.NODE_ID, id,
                SwitchboardConfig.CLUSTER_NODE_TTL_SECONDS, "2"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = TestRedis.launch();
        a = TestServer.start(TestServer.with(node("a", redis.url()), settings));
        b = TestServer.start(TestServer.with(node("b", redis.url()), settings));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        a.close();
        b.close();
        redis.close();
    }

    public TestRedis redis() {
        return redis;
    }

    public TestServer a() {
        return a;
    }

    public TestServer b() {
        return b;
    }
}
