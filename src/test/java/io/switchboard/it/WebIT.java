package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The HTTP side on the real server: the HTML client at {@code /switchboard/} and {@code /status}. */
class WebIT extends DeployedSwitchboard {

    @Test
    void htmlClientIsServedAtTheContextRoot() {
        HttpResponse<String> page = server().get("");
        assertEquals(200, page.statusCode());
        String type = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/html"), "Content-Type " + type);
        String html = page.body().toLowerCase(Locale.ROOT);
        assertTrue(html.contains("<html"), "an HTML document");
        assertTrue(html.contains("<script"), "with its JavaScript client");
    }

    @Test
    void statusAnswersJsonWithSessionsAndCounters() {
        HttpResponse<String> response = server().get("status");
        assertEquals(200, response.statusCode());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type " + type);
        JsonObject status = WsClient.parse(response.body());
        for (String key : new String[] {"sessions", "scheduler", "messagesIn", "messagesOut", "uptimeSeconds"}) {
            assertTrue(status.containsKey(key), "/status has " + key + ": " + status);
        }
    }

    @Test
    void statusCountsOpenSessions() {
        long before = server().statusCounter("echo");
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            client.send("ping?");
            client.nextText();
            Wait.until("/status counts the open echo session", () -> server().statusCounter("echo") == before + 1);
        }
        Wait.until("/status drops the closed echo session", () -> server().statusCounter("echo") == before);
    }
}
