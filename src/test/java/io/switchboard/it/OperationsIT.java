package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.ServerUnderTest;
import io.switchboard.testing.PrometheusText;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operations on the real server: {@code /metrics} as Prometheus text that moves with traffic, the health probes,
 * and one publish through the HTTP API reaching a WebSocket member. The build's WAR with one context parameter
 * added to its web.xml ({@code switchboard.api.token}), since the API is off without a token.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {
    private static final String API_TOKEN = "operations-it-api-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    public static WebArchive switchboard() {
        return DeployedSwitchboard.war(Map.of("switchboard.api.token", API_TOKEN));
    }

    @ArquillianResource
    private URL deploymentUrl;

    private ServerUnderTest server() {
        return DeployedSwitchboard.at(deploymentUrl);
    }

    private PrometheusText scrape() {
        HttpResponse<String> response = server().get("metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").replace(" ", "")
                .startsWith("text/plain;version=0.0.4"), response.headers().toString());
        return new PrometheusText(response.body());
    }

    @Test
    void metricsArePrometheusTextAndMoveWithTraffic() {
        PrometheusText before = scrape();
        double received = before.value("switchboard_messages_received_total");
        assertTrue(before.has("jvm_memory_used_bytes{area=\"heap\"}"), "JVM basics");
        try (WsClient client = WsClient.connect(server().ws("echo"))) {
            client.send("count me");
            assertEquals("count me", client.nextText());
            PrometheusText during = scrape();
            assertTrue(during.value("switchboard_sessions{endpoint=\"echo\"}") >= 1);
            assertTrue(during.value("switchboard_messages_received_total") >= received + 1);
        }
    }

    @Test
    void liveAndReadyAnswer200() {
        assertEquals(200, server().get("health/live").statusCode());
        HttpResponse<String> ready = server().get("health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", WsClient.parse(ready.body()).getString("status"));
    }

    @Test
    void anApiPublishReachesAMemberAndNeedsTheToken() throws Exception {
        String body = "{\"username\":\"deploy-bot\",\"text\":\"from the API\"}";
        HttpRequest.Builder publish = HttpRequest.newBuilder(server().http("api/rooms/operations-it/messages"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        assertEquals(401, HTTP.send(publish.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        try (WsClient member = WsClient.connect(server().ws("broadcast/operations-it"))) {
            long seq = member.next("welcome").getJsonNumber("seq").longValue();
            HttpResponse<String> response = HTTP.send(publish.header("Authorization", "Bearer " + API_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), response.body());
            assertEquals(seq + 1, WsClient.parse(response.body()).getJsonNumber("seq").longValue());
            JsonObject chat = member.next("chat");
            assertEquals("deploy-bot", chat.getString("username"));
            assertEquals("from the API", chat.getString("text"));
        }
    }
}
