package io.switchboard.testing;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.endpoint.BroadcastEndpoint;
import io.switchboard.endpoint.EchoEndpoint;
import io.switchboard.endpoint.LobbyEndpoint;
import io.switchboard.endpoint.RelayEndpoint;
import io.switchboard.lifecycle.SchedulerKind;
import io.switchboard.lifecycle.Switchboard;
import java.net.URI;
import java.util.Set;
import org.glassfish.tyrus.container.grizzly.server.LoopbackServerContainer;

/**
 * Switchboard's endpoints on an embedded Tyrus server at a free port of 127.0.0.1, started as the web listener
 * would start them (executor heartbeat). One per test class or test; {@link #close()} undeploys.
 */
public final class TestServer implements AutoCloseable {
    private final LoopbackServerContainer server;
    private final Switchboard app;

    private TestServer(LoopbackServerContainer server, Switchboard app) {
        this.server = server;
        this.app = app;
    }

    /** The defaults with the per-session rate limit out of the way, for tests that send in bursts. */
    public static SwitchboardConfig unthrottled() {
        return SwitchboardConfig.defaults().with(c -> {
            c.rateLimitPerSecond = 1_000_000;
            c.rateLimitBurst = 1_000_000;
            return c;
        });
    }

    public static TestServer start() {
        return start(SwitchboardConfig.defaults());
    }

    public static TestServer start(SwitchboardConfig config) {
        Switchboard app = Switchboard.start(config, SchedulerKind.EXECUTOR);
        LoopbackServerContainer server = new LoopbackServerContainer(Set.of(
                EchoEndpoint.class, RelayEndpoint.class, BroadcastEndpoint.class, LobbyEndpoint.class));
        try {
            server.start("/switchboard", 0);
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("Tyrus did not start", e);
        }
        return new TestServer(server, app);
    }

    /** {@code ws://127.0.0.1:PORT/switchboard} + {@code path}. */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + "/switchboard" + path);
    }

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
