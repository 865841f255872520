package io.switchboard.app;

import io.switchboard.endpoint.BroadcastEndpoint;
import io.switchboard.endpoint.EchoEndpoint;
import io.switchboard.endpoint.RelayEndpoint;
import io.switchboard.endpoint.Services;
import io.switchboard.security.HandshakeFilter;
import io.switchboard.security.SecurityHeadersFilter;
import io.switchboard.web.AdminServlet;
import io.switchboard.web.ApiServlet;
import io.switchboard.web.HealthServlet;
import io.switchboard.web.MetricsServlet;
import io.switchboard.web.StatusServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one list of what Switchboard serves: the WebSocket paths, the filters and their patterns, the servlets.
 * Everything is registered programmatically with the composition root's parts.
 */
public final class Routes {
    public static final String ECHO = "/echo";
    public static final String RELAY = "/relay";
    /** The lobby, the room of {@code /broadcast} without a name. */
    public static final String LOBBY = "/broadcast";
    public static final String ROOM = "/broadcast/{room}";
    /** Every WebSocket path, as servlet URL patterns: where the handshake filter runs. */
    static final String[] HANDSHAKE_PATTERNS = {ECHO, RELAY, LOBBY, "/broadcast/*"};
    public static final String STATUS = "/status";
    public static final String ADMIN_DISCONNECT = "/admin/disconnect";
    public static final String METRICS = "/metrics";
    /** {@code /health/live} and {@code /health/ready}. */
    public static final String HEALTH = "/health/*";
    /** The HTTP publish API (off unless {@code switchboard.api.token} is set). */
    public static final String API = "/api/*";

    private Routes() {
    }

    /** The WebSocket endpoints of {@code app}, each made with its parts. */
    public static List<ServerEndpointConfig> endpoints(Switchboard app) {
        Services services = app.services();
        return List.of(
                endpoint(EchoEndpoint.class, ECHO, () -> new EchoEndpoint(services), app),
                endpoint(RelayEndpoint.class, RELAY, () -> new RelayEndpoint(services), app),
                endpoint(BroadcastEndpoint.class, LOBBY, () -> new BroadcastEndpoint(services), app),
                endpoint(BroadcastEndpoint.class, ROOM, () -> new BroadcastEndpoint(services), app));
    }

    /** Registers the endpoints with a WebSocket container (a servlet container's, or an embedded one in tests). */
    public static void deploy(Switchboard app, ServerContainer container) throws DeploymentException {
        for (ServerEndpointConfig config : endpoints(app)) {
            container.addEndpoint(config);
        }
    }

    /** Registers filters, servlets and endpoints in a web application that is starting. */
    public static void deploy(Switchboard app, ServletContext context) throws DeploymentException {
        FilterRegistration.Dynamic headers = context.addFilter("switchboard-security-headers",
                new SecurityHeadersFilter());
        headers.setAsyncSupported(true);
        headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        FilterRegistration.Dynamic handshake = context.addFilter("switchboard-handshake",
                new HandshakeFilter(app.originPolicy(), app.tokenVerifier(), app.connectionLimits(),
                        app.handshakeRefusals()));
        handshake.setAsyncSupported(true);
        handshake.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, HANDSHAKE_PATTERNS);
        context.addServlet("switchboard-status", new StatusServlet(app::status)).addMapping(STATUS);
        context.addServlet("switchboard-admin", new AdminServlet(app.config().adminEnabled(), app.peers()))
                .addMapping(ADMIN_DISCONNECT);
        context.addServlet("switchboard-metrics", new MetricsServlet(app.metrics(), app.config().metricsToken()))
                .addMapping(METRICS);
        context.addServlet("switchboard-health", new HealthServlet(app.readiness())).addMapping(HEALTH);
        context.addServlet("switchboard-api", new ApiServlet(app.config().apiToken(), app.broker(),
                app.config().maxMessageBytes(), app.config().textMaxChars())).addMapping(API);
        context.addServlet("switchboard-graceful-stop", new GracefulStopServlet(app)).setLoadOnStartup(0);
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new DeploymentException("this server offers no WebSocket container to the application");
        }
        deploy(app, container);
        app.serving();
    }

    private static ServerEndpointConfig endpoint(Class<?> type, String path, Supplier<?> factory, Switchboard app) {
        return ServerEndpointConfig.Builder.create(type, path)
                .subprotocols(List.of(HandshakeFilter.BEARER))
                .configurator(new EndpointConfigurator(factory, app.originPolicy()))
                .build();
    }
}
