package io.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: markup from others is shown as text. {@code <img src=x onerror=alert(1)>} sent through
 * chat (as text and as username), relay and echo appears literally; no image element is created
 * and no dialog opens.
 */
@ExtendWith(BrowserSupport.class)
class SafetyPageIT {

    private static final String EVIL = "<img src=x onerror=alert(1)>";
    private static final String EVIL_NAME = "<b onmouseover=alert(2)>mallory</b>";

    @Test
    void markupFromOthersIsShownAsText(Browser browser) {
        String room = "safety-" + Long.toString(System.currentTimeMillis(), 36);
        SwitchboardPage mallory = browser.open("mallory", "?room=" + room);
        SwitchboardPage victim = browser.open("victim", "?room=" + room);
        victim.waitMembers(2);
        victim.chatUsername("victim");

        mallory.chatUsername(EVIL_NAME);
        mallory.chatSend(EVIL);
        SwitchboardPage.ChatLine line = victim.waitForChat(EVIL);
        assertEquals(EVIL_NAME, line.username(), "the username is shown as typed");

        mallory.relaySend(victim.relayId(), EVIL);
        victim.waitForRelayMessage(EVIL);

        victim.echoSend(EVIL);
        victim.waitUntil("echo shows the markup as text", d -> victim.echoMessages().contains(EVIL));

        // An image that fails to load would have had time to fire its handler by now; there is none.
        victim.chatSend("after the markup");
        mallory.waitForChat("after the markup");
        victim.waitForChat("after the markup");

        for (SwitchboardPage window : List.of(victim, mallory)) {
            assertFalse(window.dialogOpen(), window.name() + ": no dialog opened");
            assertEquals(0, window.count(".log img, .log b, .log [onerror], .log [onmouseover]"),
                    window.name() + ": no element was created from message text");
            assertEquals(List.of(EVIL, "after the markup"), window.chatTexts());
        }
        victim.screenshot("victim");
    }
}
