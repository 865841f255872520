package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stopping the web application on a real Tomcat closes every session with Switchboard's own 1001, which tells
 * the client when to come back, not with the container's generic close: Switchboard's shutdown runs before
 * Tomcat closes the sessions that are left.
 */
class GracefulShutdownTest {

    @Test
    void stoppingTheWebApplicationClosesEverySessionWithTheReconnectHint() {
        EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of());
        List<WsClient> clients = List.of(WsClient.connect(tomcat.ws("echo")), WsClient.connect(tomcat.ws("relay")),
                WsClient.connect(tomcat.ws("broadcast/lobby")));
        clients.get(1).next("welcome");
        clients.get(2).next("welcome");
        tomcat.close();
        for (WsClient client : clients) {
            assertEquals(1001, client.awaitClose());
            assertTrue(client.closeReason().matches("server shutting down; retry in \\d+ ms"), client.closeReason());
        }
    }
}
