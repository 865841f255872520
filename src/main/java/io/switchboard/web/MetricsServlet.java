package io.switchboard.web;

import io.switchboard.metrics.SwitchboardMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: every metric as Prometheus text. Served unless {@code switchboard.metrics.enabled=false}
 * (404 then); with {@code switchboard.metrics.token} set, only to requests that carry it as a bearer token
 * (401 otherwise).
 */
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SwitchboardMetrics metrics;
    private final transient BearerToken token;

    /** {@code metrics} null: not served. {@code token} null: no token required. */
    public MetricsServlet(SwitchboardMetrics metrics, String token) {
        this.metrics = metrics;
        this.token = new BearerToken(token);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (metrics == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!token.admits(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard-metrics\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(SwitchboardMetrics.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        metrics.scrape(response.getOutputStream());
    }
}
