package io.switchboard.web;

import io.switchboard.lifecycle.Switchboard;
import io.switchboard.protocol.Json;
import io.switchboard.session.Counters;
import io.switchboard.session.EndpointKind;
import io.switchboard.session.Registry;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /status}: open sessions per endpoint, rooms, message counters, closes, the heartbeat scheduler, uptime. */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Switchboard app = Switchboard.current();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.JSONB.toJson(report(app)));
    }

    static StatusReport report(Switchboard app) {
        Registry registry = app.registry();
        Counters counters = registry.counters();
        Map<String, Integer> sessions = new LinkedHashMap<>();
        for (EndpointKind kind : EndpointKind.values()) {
            sessions.put(kind.label(), counters.open(kind));
        }
        return new StatusReport(sessions, registry.relay().size(), registry.rooms().count(),
                counters.messagesIn(), counters.messagesOut(), counters.slowConsumerCloses(),
                counters.heartbeatCloses(), app.scheduler().label(),
                app.config().heartbeatInterval().toSeconds(), app.config().auth().enabled(), app.uptime().toSeconds());
    }
}
