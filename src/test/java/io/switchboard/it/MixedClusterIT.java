package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.ServerUnderTest;
import io.switchboard.testing.TestRedis;
import io.switchboard.testing.Wait;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One WAR, two servers, one service: the build's WAR on the server under test (Tomcat, WildFly or Payara) and
 * the same application on a Tomcat inside the test JVM are two nodes of one cluster on a real Redis. A chat
 * message said on either node reaches both with one {@code seq}, presence counts both, and a relay message and
 * its ack cross between the servers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MixedClusterIT {
    /** Started while the deployment is built, so that the deployed node finds Redis from its first moment. */
    private static TestRedis redis;

    @Deployment(testable = false)
    public static WebArchive switchboard() {
        redis = TestRedis.launch();
        return DeployedSwitchboard.war(Map.of("switchboard.redis.url", redis.url(),
                "switchboard.node.id", DeployedSwitchboard.serverName()));
    }

    @ArquillianResource
    private URL deploymentUrl;

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aChatRelayAndPresenceCrossBetweenTwoDifferentServersSharingOneRedis() {
        ServerUnderTest deployed = DeployedSwitchboard.at(deploymentUrl);
        try (EmbeddedTomcat embedded = EmbeddedTomcat.start(Map.of(
                "switchboard.redis.url", redis.url(), "switchboard.node.id", "embedded"))) {
            Wait.until("both nodes see each other",
                    () -> deployed.status().getJsonObject("cluster").getInt("nodes") == 2);
            try (WsClient amy = WsClient.connect(embedded.ws("broadcast/mixed"))) {
                assertEquals(1, amy.next("welcome").getInt("members"));
                try (WsClient bob = WsClient.connect(deployed.ws("broadcast/mixed"))) {
                    assertEquals(2, bob.next("welcome").getInt("members"), "the welcome counts members on both nodes");
                    assertEquals(2, amy.next("presence").getInt("members"), "a join on one server is counted on the other");

                    amy.send("{\"username\":\"amy\",\"text\":\"from the embedded Tomcat\"}");
                    assertEquals(1, bob.next("chat").getJsonNumber("seq").longValue());
                    bob.send("{\"username\":\"bob\",\"text\":\"from " + DeployedSwitchboard.serverName() + "\"}");
                    for (WsClient client : new WsClient[] {amy, bob}) {
                        JsonObject first = client.nextMatching(m -> m.getString("type").equals("chat")
                                && m.getJsonNumber("seq").longValue() == 2);
                        assertEquals("bob", first.getString("username"), "one seq sequence across the servers");
                    }
                }
            }
            try (RelayClient cat = RelayClient.connect(embedded); RelayClient dan = RelayClient.connect(deployed)) {
                cat.ws().send("{\"type\":\"send\",\"to\":\"" + dan.id() + "\",\"text\":\"across\",\"ref\":\"x1\"}");
                JsonObject message = dan.ws().next("message");
                assertEquals(cat.id(), message.getString("from"));
                assertEquals("across", message.getString("text"));
                assertEquals("x1", cat.ws().next("ack").getString("ref"), "acked once the other server queued it");
            }
        }
    }
}
