package io.switchboard.testing;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.app.Routes;
import io.switchboard.app.SchedulerKind;
import io.switchboard.app.Switchboard;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.container.grizzly.server.LoopbackServerContainer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Switchboard's endpoints on an embedded Tyrus server at a free port of 127.0.0.1, started as the web listener
 * would start them (executor heartbeat). Either started by hand ({@link #start}, {@link #close()} undeploys) or
 * registered once per test class: {@code @RegisterExtension static final TestServer server = TestServer.perClass(settings);}.
 * Settings are configuration keys and values as a deployment gives them, read by the production loader
 * ({@link SwitchboardConfig#of}).
 */
public final class TestServer extends ServerUnderTest implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final SwitchboardConfig config;
    private LoopbackServerContainer server;
    private Switchboard app;

    private TestServer(SwitchboardConfig config) {
        this.config = config;
    }

    /** A server that starts before the class's first test and stops after its last. */
    public static TestServer perClass(Map<String, String> settings) {
        return new TestServer(SwitchboardConfig.of(settings));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code settings} with the per-session rate limit out of the way, for tests that send in bursts. */
    public static Map<String, String> unthrottled(Map<String, String> settings) {
        return with(settings, Map.of(SwitchboardConfig.RATE_LIMIT_PER_SECOND, "1000000",
                SwitchboardConfig.RATE_LIMIT_BURST, "1000000"));
    }

    /** {@code settings} with {@code more} added; a key in both takes its value from {@code more}. */
    public static Map<String, String> with(Map<String, String> settings, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(more);
        return Map.copyOf(all);
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> settings) {
        TestServer testServer = new TestServer(SwitchboardConfig.of(settings));
        testServer.startServer();
        return testServer;
    }

    private void startServer() {
        app = Switchboard.start(config, SchedulerKind.EXECUTOR);
        server = new LoopbackServerContainer(Set.of());
        try {
            Routes.deploy(app, server);
            server.start("/switchboard", 0);
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("Tyrus did not start", e);
        }
    }

    @Override
    public int port() {
        return server.getPort();
    }

    public Switchboard app() {
        return app;
    }

    @Override
    public void close() {
        app.stop();
        server.stop();
    }
}
