package io.switchboard.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The server under test, over plain HTTP: its status and the admin hook that drops sessions. */
public final class SwitchboardServer {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SwitchboardServer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * {@code POST admin/disconnect?endpoint=...}: the server closes every WebSocket session of that
     * endpoint with 1012 (service restart). Needs {@code switchboard.admin.enabled=true} on the server.
     */
    public String disconnect(String endpoint) {
        String query = endpoint == null ? "" : "?endpoint=" + endpoint;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "admin/disconnect" + query))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST admin/disconnect" + query + " answered " + response.statusCode()
                    + " (is switchboard.admin.enabled=true on the server?): " + response.body());
        }
        return response.body();
    }

    /** {@code GET status} as text. */
    public String status() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "status")).GET()).body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Server at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
