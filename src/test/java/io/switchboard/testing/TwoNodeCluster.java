package io.switchboard.testing;

import io.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis and two Switchboard nodes sharing it, {@code a} and {@code b}, each on embedded Tyrus in the test
 * JVM: the cluster most cluster tests need, started before a class's first test and stopped after its last.
 * {@code @RegisterExtension static final TwoNodeCluster cluster = TwoNodeCluster.perClass();}
 */
public final class TwoNodeCluster implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<SwitchboardConfig.Builder> change;
    private TestRedis redis;
    private TestServer a;
    private TestServer b;

    private TwoNodeCluster(UnaryOperator<SwitchboardConfig.Builder> change) {
        this.change = change;
    }

    public static TwoNodeCluster perClass() {
        return perClass(c -> c);
    }

    /** Both nodes configured as {@link #node} says, then changed by {@code change}. */
    public static TwoNodeCluster perClass(UnaryOperator<SwitchboardConfig.Builder> change) {
        return new TwoNodeCluster(change);
    }

    /** Node {@code id} on the Redis at {@code redisUrl}: rate limits lifted, a dead node noticed within 2 s. */
    public static SwitchboardConfig node(String id, String redisUrl) {
        return TestServer.unthrottled().with(c -> {
            c.redisUrl = redisUrl;
            c.nodeId = id;
            c.nodeTtl = Duration.ofSeconds(2);
            return c;
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = TestRedis.launch();
        a = TestServer.start(node("a", redis.url()).with(change));
        b = TestServer.start(node("b", redis.url()).with(change));
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
