package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Nothing is static: two Switchboards run side by side in one JVM, each with its own rooms, ids and lifecycle. */
class TwoInstancesTest {

    @Test
    void twoInstancesInOneJvmShareNothingAndStopIndependently() {
        try (TestServer one = TestServer.start(); TestServer two = TestServer.start()) {
            try (WsClient relayOne = WsClient.connect(one.ws("relay"));
                    WsClient relayTwo = WsClient.connect(two.ws("relay"))) {
                assertEquals("1", relayOne.next("welcome").getString("id"), "each instance numbers its own clients");
                assertEquals("1", relayTwo.next("welcome").getString("id"));
            }
            try (WsClient amy = WsClient.connect(one.ws("broadcast/shared-name"));
                    WsClient bob = WsClient.connect(two.ws("broadcast/shared-name"))) {
                assertEquals(1, amy.next("welcome").getInt("members"));
                assertEquals(1, bob.next("welcome").getInt("members"), "a room of the same name elsewhere is another room");
                amy.send("{\"username\":\"amy\",\"text\":\"only here\"}");
                assertEquals(1, amy.next("chat").getJsonNumber("seq").longValue());
                bob.expectNothing(Duration.ofMillis(300));

                one.app().stop();
                assertEquals(1001, amy.awaitClose());
                bob.send("{\"username\":\"bob\",\"text\":\"still here\"}");
                assertEquals("still here", bob.next("chat").getString("text"));
            }
        }
    }
}
