package io.switchboard.web;

import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Peers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code POST /admin/disconnect[?endpoint=echo|relay|broadcast]}: closes sessions with 1012 (service restart) so
 * clients reconnect, for operators draining a node and for recovery tests. Off unless
 * {@code switchboard.admin.enabled=true}; answers 404 otherwise.
 */
public class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final boolean enabled;
    private final transient Peers peers;

    public AdminServlet(boolean enabled, Peers peers) {
        this.enabled = enabled;
        this.peers = peers;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String endpoint = request.getParameter("endpoint");
        EndpointKind kind = null;
        if (endpoint != null) {
            kind = Arrays.stream(EndpointKind.values()).filter(k -> k.label().equals(endpoint)).findFirst().orElse(null);
            if (kind == null) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "endpoint must be echo, relay or broadcast");
                return;
            }
        }
        int closed = peers.disconnectAll(kind, CloseReasons.RESTART);
        response.setContentType("application/json");
        response.getWriter().write("{\"disconnected\":" + closed + "}");
    }
}
