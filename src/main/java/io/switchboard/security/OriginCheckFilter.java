package io.switchboard.security;

import io.switchboard.lifecycle.Switchboard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses WebSocket handshakes from browser origins that are not allowed, with 403, before the container
 * upgrades the connection. Tomcat on its own accepts any Origin; this makes same-origin the default everywhere.
 */
@WebFilter(urlPatterns = {"/echo", "/relay", "/broadcast", "/broadcast/*"}, asyncSupported = true)
public class OriginCheckFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (upgrade && !Switchboard.current().originPolicy().allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
