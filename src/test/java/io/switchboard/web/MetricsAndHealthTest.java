package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.PrometheusText;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics} and {@code /health/*} on a real (embedded) Tomcat, with real traffic. */
class MetricsAndHealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PrometheusText scrape(EmbeddedTomcat tomcat) {
        HttpResponse<String> response = tomcat.get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").replace(" ", "").startsWith("text/plain;version=0.0.4"),
                response.headers().toString());
        return new PrometheusText(response.body());
    }

    @Test
    void aScrapeIsPrometheusTextAndItsNumbersMoveWithTraffic() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.maxMessageBytes", "1000",
                "switchboard.allowedOrigins", "https://chat.example.com"))) {
            PrometheusText before = scrape(tomcat);
            assertEquals("gauge", before.type("switchboard_sessions"));
            assertEquals("counter", before.type("switchboard_messages_received_total"));
            assertEquals("histogram", before.type("switchboard_broadcast_fanout_seconds"));
            assertEquals(0, before.value("switchboard_sessions{endpoint=\"broadcast\"}"));
            assertEquals(0, before.value("switchboard_messages_received_total"));
            assertEquals(0, before.value("switchboard_closes_total{reason=\"too_big\"}"));
            assertEquals(0, before.value("switchboard_handshake_refusals_total{status=\"403\"}"));
            assertEquals(0, before.value("switchboard_broadcast_fanout_seconds_count"));
            assertEquals(1, before.value("switchboard_health_check_up{check=\"started\"}"));
            assertTrue(before.value("jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM basics");
            assertTrue(before.has("process_cpu_seconds_total") || before.has("jvm_threads_current"));

            try (WsClient amy = WsClient.connect(tomcat.ws("/broadcast/ops"));
                    WsClient bob = WsClient.connect(tomcat.ws("/broadcast/ops"));
                    WsClient echo = WsClient.connect(tomcat.ws("/echo"))) {
                amy.next("welcome");
                bob.next("welcome");
                amy.send("{\"username\":\"amy\",\"text\":\"one\"}");
                amy.send("{\"username\":\"amy\",\"text\":\"two\"}");
                bob.next("chat");
                bob.next("chat");
                echo.send("ping");
                assertEquals("ping", echo.nextText());

                PrometheusText during = scrape(tomcat);
                assertEquals(2, during.value("switchboard_sessions{endpoint=\"broadcast\"}"));
                assertEquals(1, during.value("switchboard_sessions{endpoint=\"echo\"}"));
                assertEquals(3, during.value("switchboard_messages_received_total"));
                assertTrue(during.value("switchboard_messages_sent_total") >= 5, "2 chats to 2 members and 1 echo");
                assertEquals(2, during.value("switchboard_broadcast_fanout_seconds_count"));
                assertEquals(2, during.value("switchboard_broadcast_fanout_seconds_bucket{le=\"+Inf\"}"));
                assertTrue(during.value("switchboard_broadcast_fanout_seconds_sum") > 0);
                assertEquals(1, during.value("switchboard_rooms"));
                assertTrue(during.has("switchboard_send_queue_max_messages"));

                echo.send("x".repeat(2000));
                assertEquals(1009, echo.awaitClose());
            }
            try (RawWebSocket raw = RawWebSocket.connect(tomcat, "echo",
                    Map.of("Origin", "https://evil.example.com"), 0)) {
                assertEquals(403, raw.status());
            }
            Wait.until("sessions closed", () -> tomcat.app().peers().all().isEmpty());
            PrometheusText after = scrape(tomcat);
            assertEquals(1, after.value("switchboard_closes_total{reason=\"too_big\"}"));
            assertEquals(1, after.value("switchboard_handshake_refusals_total{status=\"403\"}"));
            assertEquals(0, after.value("switchboard_sessions{endpoint=\"broadcast\"}"));
            for (String series : after.samples().keySet()) {
                assertFalse(series.contains("ops") || series.contains("amy"), "no room or user in a label: " + series);
            }
        }
    }

    @Test
    void theMetricsTokenIsRequiredWhenSetAndMetricsCanBeOff() throws Exception {
        String token = "metrics-token-0123456789";
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.metrics.token", token))) {
            assertEquals(401, tomcat.get("/metrics").statusCode());
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(tomcat.http("/metrics"))
                    .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(tomcat.http("/metrics"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, right.statusCode());
            new PrometheusText(right.body()).value("switchboard_messages_sent_total");
        }
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of("switchboard.metrics.enabled", "false"))) {
            assertEquals(404, tomcat.get("/metrics").statusCode());
            assertEquals(200, tomcat.get("/health/ready").statusCode(), "health does not depend on metrics");
        }
    }

    @Test
    void liveAndReadyAnswer200WhileRunningAndReadyTurns503WhenStopping() {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of())) {
            HttpResponse<String> live = tomcat.get("/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());
            HttpResponse<String> ready = tomcat.get("/health/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"checks\":{\"started\":\"UP\",\"accepting\":\"UP\"}}", ready.body());
            assertTrue(ready.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals(404, tomcat.get("/health/other").statusCode());

            // A check added by another part (as the cluster broker will) is reported, and takes readiness down.
            boolean[] brokerUp = {false};
            tomcat.app().readiness().add("broker", () -> brokerUp[0]);
            ready = tomcat.get("/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"started\":\"UP\",\"accepting\":\"UP\",\"broker\":\"DOWN\"}}",
                    ready.body());
            assertEquals(0, scrape(tomcat).value("switchboard_health_check_up{check=\"broker\"}"));
            brokerUp[0] = true;
            assertEquals(200, tomcat.get("/health/ready").statusCode());

            tomcat.app().stop();
            ready = tomcat.get("/health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"accepting\":\"DOWN\""), ready.body());
            assertEquals(200, tomcat.get("/health/live").statusCode());
        }
    }

    @Test
    void inClusterModeReadyAnswers503WhileRedisIsDownAnd200OnceItIsBack() {
        try (TestRedis redis = TestRedis.launch();
                EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of(SwitchboardConfig.REDIS_URL, redis.url(),
                        SwitchboardConfig.NODE_ID, "probe"))) {
            HttpResponse<String> ready = tomcat.get("/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"redis\":\"UP\""), ready.body());

            redis.stop();
            Wait.until("ready answers 503 while Redis is down", () -> tomcat.get("/health/ready").statusCode() == 503);
            ready = tomcat.get("/health/ready");
            assertTrue(ready.body().contains("\"redis\":\"DOWN\""), ready.body());
            assertEquals(0, scrape(tomcat).value("switchboard_health_check_up{check=\"redis\"}"));
            assertEquals(200, tomcat.get("/health/live").statusCode(), "alive all the same: a restart would not help");

            redis.restart();
            Wait.until("ready again once Redis is back", () -> tomcat.get("/health/ready").statusCode() == 200);
            assertEquals(1, scrape(tomcat).value("switchboard_health_check_up{check=\"redis\"}"));
        }
    }
}
