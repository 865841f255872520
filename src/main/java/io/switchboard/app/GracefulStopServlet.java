package io.switchboard.app;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Starts Switchboard's graceful shutdown as early as the container's own shutdown allows. A container stops a
 * web application's servlets before it calls the context listeners' {@code contextDestroyed}, and Tomcat closes
 * every WebSocket session itself ("The web application is stopping") in a context listener that runs before
 * {@link SwitchboardListener}'s. This servlet is loaded at startup and mapped to no path; its {@link #destroy()}
 * runs first and stops Switchboard there, so that every client gets Switchboard's own 1001 with its reconnect
 * hint. The listener and the JVM shutdown hook still stop Switchboard where this did not run ({@link
 * Switchboard#stop()} runs once).
 */
final class GracefulStopServlet extends GenericServlet {
    private static final long serialVersionUID = 1L;

    private final transient Switchboard app;

    GracefulStopServlet(Switchboard app) {
        this.app = app;
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws IOException {
        ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    @Override
    public void destroy() {
        app.stop();
    }
}
