package io.switchboard.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * All three panels in use at once, as in the README's screenshot: the picture is
 * {@code target/browser/screenshots/tour-amy.png} (copy it to {@code docs/screenshot.png}).
 */
@ExtendWith(BrowserSupport.class)
class TourPageIT {

    @Test
    void everyPanelAtWork(Browser browser) {
        String room = "team";
        SwitchboardPage amy = browser.open("amy", "?room=" + room);
        SwitchboardPage bob = browser.open("bob", "?room=" + room);
        amy.waitAllConnected();
        bob.waitAllConnected();

        amy.echoSend("ping");
        amy.waitUntil("echo", d -> amy.echoMessages().contains("ping"));
        amy.echoSend("Is anybody out there?");
        amy.waitUntil("echo", d -> amy.echoMessages().size() == 2);

        String amyId = amy.relayId();
        String bobId = bob.relayId();
        bob.relaySend(amyId, "Hi amy, got a minute?");
        amy.waitForRelayMessage("Hi amy, got a minute?");
        amy.relaySend(bobId, "Sure, what's up?");
        bob.waitForRelayMessage("Sure, what's up?");
        amy.waitUntil("delivered", d -> "delivered".equals(amy.lastRelaySentState()));

        amy.chatUsername("amy");
        bob.chatUsername("bob");
        bob.chatSend("Morning all! Deploy is done.");
        amy.waitForChat("Morning all! Deploy is done.");
        amy.chatSend("Nice, the new page looks great.");
        bob.waitForChat("Nice, the new page looks great.");
        bob.chatSend("<b>markup</b> stays text, by the way");
        amy.waitForChat("<b>markup</b> stays text, by the way");

        amy.screenshot("amy");
    }
}
