package io.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: two windows in room {@code lobby} and one in room {@code other}. Lobby messages show
 * in both lobby windows with username and time, never in {@code other}; the member count follows
 * windows joining, switching rooms and leaving.
 */
@ExtendWith(BrowserSupport.class)
class ChatPageIT {

    private static final String CLOCK = "\\d{2}:\\d{2}:\\d{2}";

    @Test
    void lobbyWindowsShareMessagesAndOtherRoomStaysApart(Browser browser) {
        SwitchboardPage amy = browser.open("amy");
        amy.waitConnected("chat");
        assertEquals("lobby", amy.chatRoom(), "the page starts in the lobby");
        amy.waitMembers(1);

        SwitchboardPage bob = browser.open("bob");
        bob.waitConnected("chat");
        bob.waitMembers(2);
        amy.waitMembers(2);

        // cat arrives in the lobby, then moves to "other" using the room field.
        SwitchboardPage cat = browser.open("cat");
        cat.waitConnected("chat");
        amy.waitMembers(3);
        cat.chatJoin("other");
        cat.waitMembers(1);
        amy.waitMembers(2);
        bob.waitMembers(2);

        amy.chatUsername("amy");
        bob.chatUsername("bob");
        cat.chatUsername("cat");

        amy.chatSend("hello lobby, amy here");
        bob.waitForChat("hello lobby, amy here");
        bob.chatSend("hi amy! bob");
        amy.waitForChat("hi amy! bob");
        cat.chatSend("anyone in other?");
        cat.waitForChat("anyone in other?");
        amy.chatSend("see you later");
        bob.waitForChat("see you later");
        amy.waitForChat("see you later"); // the sender's own copy comes back through the room too

        List<String> lobby = List.of("hello lobby, amy here", "hi amy! bob", "see you later");
        for (SwitchboardPage window : List.of(amy, bob)) {
            List<SwitchboardPage.ChatLine> lines = window.chatMessages();
            assertEquals(lobby, window.chatTexts(), window.name() + " shows the lobby's messages, in order");
            assertEquals(List.of("amy", "bob", "amy"), lines.stream().map(SwitchboardPage.ChatLine::username).toList(),
                    window.name() + " shows who wrote each message");
            for (SwitchboardPage.ChatLine line : lines) {
                assertTrue(line.time().matches(CLOCK), window.name() + " shows a time, got '" + line.time() + "'");
            }
            assertIncreasing(lines);
        }
        assertEquals(amy.chatMessages(), bob.chatMessages(), "both lobby windows show the same lines");
        assertEquals(List.of("anyone in other?"), cat.chatTexts(), "room other sees only its own message");
        assertEquals("cat", cat.chatMessages().get(0).username());

        amy.screenshot("amy-lobby");
        cat.screenshot("cat-other");

        bob.close();
        amy.waitMembers(1);
        cat.waitMembers(1);
        amy.screenshot("amy-after-bob-left");
    }

    private static void assertIncreasing(List<SwitchboardPage.ChatLine> lines) {
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).seq() > lines.get(i - 1).seq(), "seq increases: " + lines);
        }
    }
}
