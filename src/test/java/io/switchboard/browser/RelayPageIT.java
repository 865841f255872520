package io.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: two windows see each other's ids in "Peers online", send each other direct
 * messages that show the sender's id, and a window that closes leaves the other's peer list.
 */
@ExtendWith(BrowserSupport.class)
class RelayPageIT {

    @Test
    void twoWindowsMessageEachOtherAndSeeLeaving(Browser browser) {
        SwitchboardPage amy = browser.open("amy");
        String amyId = amy.relayId();
        SwitchboardPage bob = browser.open("bob");
        String bobId = bob.relayId();
        assertNotEquals(amyId, bobId, "each window gets its own id");

        bob.waitForPeer(amyId);          // listed in bob's welcome
        amy.waitForPeer(bobId);          // announced to amy when bob joined
        assertFalse(amy.relayPeers().contains(amyId), "a window does not list itself");
        assertFalse(bob.relayPeers().contains(bobId), "a window does not list itself");

        amy.relaySend(bobId, "hi bob, it's amy");
        SwitchboardPage.RelayLine atBob = bob.waitForRelayMessage("hi bob, it's amy");
        assertEquals(amyId, atBob.from(), "bob sees amy's id as the sender");
        amy.waitUntil("amy's message marked delivered", d -> "delivered".equals(amy.lastRelaySentState()));

        bob.relaySend(amyId, "hello amy");
        SwitchboardPage.RelayLine atAmy = amy.waitForRelayMessage("hello amy");
        assertEquals(bobId, atAmy.from(), "amy sees bob's id as the sender");
        assertEquals(1, amy.relayMessages().size(), "amy received exactly one message");
        assertEquals(1, bob.relayMessages().size(), "bob received exactly one message");

        bob.screenshot("bob");
        amy.screenshot("amy");

        bob.close();
        amy.waitForPeerGone(bobId);
        amy.screenshot("amy-after-bob-left");
    }
}
