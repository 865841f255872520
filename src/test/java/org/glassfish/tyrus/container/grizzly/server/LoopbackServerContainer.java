package org.glassfish.tyrus.container.grizzly.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus on Grizzly bound to 127.0.0.1 at a free port, for tests. Tyrus's own Grizzly container always binds
 * 0.0.0.0; this is the same wiring with the loopback address. It lives in Tyrus's package because the add-on
 * that connects Grizzly to the Tyrus engine is package-private.
 */
public final class LoopbackServerContainer extends TyrusServerContainer {
    private final TyrusWebSocketEngine engine;
    private HttpServer server;
    private NetworkListener listener;
    private String contextPath;

    public LoopbackServerContainer(Set<Class<?>> endpointClasses) {
        super(endpointClasses);
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        contextPath = rootPath;
        server = new HttpServer();
        listener = new NetworkListener("grizzly", "127.0.0.1", port);
        server.addListener(listener);
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(this, contextPath));
        server.start();
        super.start(rootPath, port);
    }

    @Override
    public int getPort() {
        return listener.getPort();
    }

    @Override
    public void stop() {
        super.stop();
        server.shutdownNow();
    }
}
