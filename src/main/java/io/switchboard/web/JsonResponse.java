package io.switchboard.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** How every servlet here answers with JSON: one status, UTF-8, never cached (the state changes by the second). */
final class JsonResponse {
    private JsonResponse() {
    }

    static void write(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json);
    }
}
