package io.switchboard.web;

import io.switchboard.health.HealthChecks;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Probes for an orchestrator, no authentication, nothing but states in the body:
 * <ul>
 * <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the application is deployed (the servlet
 * answers at all);</li>
 * <li>{@code GET /health/ready}: 200 when every readiness check is up, 503 otherwise, with each check's state:
 * {@code {"status":"DOWN","checks":{"started":"UP","accepting":"DOWN"}}}.</li>
 * </ul>
 */
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String LIVE = "/live";
    public static final String READY = "/ready";

    private final transient HealthChecks readiness;

    public HealthServlet(HealthChecks readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (LIVE.equals(path)) {
            JsonResponse.write(response, HttpServletResponse.SC_OK, "{\"status\":\"UP\"}");
        } else if (READY.equals(path)) {
            Map<String, Boolean> states = readiness.states();
            boolean up = HealthChecks.allUp(states);
            StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":{");
            String separator = "";
            for (Map.Entry<String, Boolean> check : states.entrySet()) {
                // check names are fixed identifiers from the composition root ([a-z_]), no escaping needed
                body.append(separator).append('"').append(check.getKey()).append("\":\"")
                        .append(check.getValue() ? "UP" : "DOWN").append('"');
                separator = ",";
            }
            JsonResponse.write(response, up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    body.append("}}").toString());
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

}
