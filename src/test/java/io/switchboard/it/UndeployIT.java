package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.it.support.DeployedSwitchboard;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.ServerUnderTest;
import io.switchboard.testing.WsClient;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application closes every open session with Switchboard's 1001 (going away, with the reconnect
 * hint), on every endpoint. The test
 * deploys the WAR itself, then undeploys it with clients connected. (Payara Micro's adapter runs one server
 * per deployment, so there undeploy means stopping that server: the same promise, reached through shutdown.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UndeployIT {
    private static final String MANUAL = "switchboard-undeployed-by-test";

    @Deployment(name = MANUAL, managed = false, testable = false)
    public static WebArchive switchboard() {
        return DeployedSwitchboard.war();
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(MANUAL);
    }

    /** Runs once the WAR is deployed, so Arquillian can hand over where it lives. */
    @Test
    @Order(2)
    void undeployClosesOpenSessionsWith1001(@ArquillianResource @OperateOnDeployment(MANUAL) URL deploymentUrl) {
        ServerUnderTest server = DeployedSwitchboard.at(deploymentUrl);
        boolean undeployed = false;
        try (WsClient echo = WsClient.connect(server.ws("echo"));
                RelayClient relay = RelayClient.connect(server);
                WsClient chat = WsClient.connect(server.ws("broadcast/undeploy"))) {
            echo.send("up");
            assertEquals("up", echo.nextText());
            chat.next("welcome");

            deployer.undeploy(MANUAL);
            undeployed = true;

            Map<String, WsClient> clients = new LinkedHashMap<>();
            clients.put("echo", echo);
            clients.put("relay", relay.ws());
            clients.put("broadcast", chat);
            clients.forEach((endpoint, client) -> {
                assertEquals(1001, client.awaitClose(),
                        endpoint + " session: close code (1006 = connection dropped without a close frame), reason '"
                                + client.closeReason() + "'");
                assertTrue(client.closeReason().matches("server shutting down; retry in \\d+ ms"),
                        endpoint + ": Switchboard's own close with its reconnect hint, not the container's: '"
                                + client.closeReason() + "'");
            });
        } finally {
            if (!undeployed) {
                deployer.undeploy(MANUAL);
            }
        }
    }
}
