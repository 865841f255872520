package io.switchboard.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /status}: open sessions per endpoint, rooms, message counters, closes, the heartbeat scheduler,
 * uptime, as the composition root reports them.
 */
public class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<StatusReport> report;

    public StatusServlet(Supplier<StatusReport> report) {
        this.report = report;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponse.write(response, HttpServletResponse.SC_OK, report.get().toJson());
    }
}
