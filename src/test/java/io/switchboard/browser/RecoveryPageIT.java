package io.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ServerUnderTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: the server drops the chat connections (admin hook, close 1012). The page shows
 * disconnected, reconnects by itself with {@code ?since=}, and shows what was said while it was
 * away, exactly once.
 *
 * <p>To be sure the reader is really away while the writer talks, its window is taken off the
 * network (DevTools emulation) before the drop: its open sockets keep working until the server
 * closes them, and its reconnect attempts fail until the network is back.
 */
@ExtendWith(BrowserSupport.class)
class RecoveryPageIT {

    @Test
    void chatCatchesUpAfterTheServerDropsTheConnection(Browser browser, ServerUnderTest server) {
        String room = "recovery-" + Long.toString(System.currentTimeMillis(), 36);
        SwitchboardPage reader = browser.open("reader", "?room=" + room);
        SwitchboardPage writer = browser.open("writer", "?room=" + room);
        reader.waitMembers(2);
        writer.waitMembers(2);
        reader.chatUsername("rita");
        writer.chatUsername("wendy");

        writer.chatSend("before the drop");
        reader.waitForChat("before the drop");
        reader.chatSend("rita is here");
        writer.waitForChat("rita is here");

        reader.setOffline(true);
        disconnect(server, "broadcast");

        String badge = reader.waitUntil("reader shows disconnected", d -> {
            String text = reader.statusText("chat");
            return text.startsWith("disconnected") ? text : null;
        });
        assertTrue(badge.matches("disconnected · retry in \\d+ s"), "the badge says when it retries: " + badge);
        assertTrue(reader.chatNotices().stream().anyMatch(n -> n.startsWith("Disconnected")),
                "the chat log says the connection was lost: " + reader.chatNotices());
        reader.screenshot("reader-disconnected");

        // The writer was dropped too; it comes back on its own and talks while the reader is away.
        writer.waitUntil("writer reconnected", d -> writer.chatNotices().contains("Reconnected")
                && "connected".equals(writer.status("chat")));
        List<String> away = List.of("while you were away 1", "while you were away 2", "while you were away 3");
        for (String text : away) {
            writer.chatSend(text);
            writer.waitForChat(text);
        }
        assertNotEquals("connected", reader.status("chat"), "the reader is still away (retrying)");
        assertEquals(List.of("before the drop", "rita is here"), reader.chatTexts());

        reader.setOffline(false);
        reader.waitConnected("chat");
        reader.waitForChat("while you were away 3");
        writer.chatSend("welcome back");
        reader.waitForChat("welcome back");
        reader.waitMembers(2);

        List<String> expected = List.of("before the drop", "rita is here", "while you were away 1",
                "while you were away 2", "while you were away 3", "welcome back");
        for (SwitchboardPage window : List.of(reader, writer)) {
            window.waitForChat("welcome back");
            assertEquals(expected, window.chatTexts(), window.name() + " shows every message exactly once, in order");
            List<Long> seqs = window.chatMessages().stream().map(SwitchboardPage.ChatLine::seq).collect(Collectors.toList());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs, window.name() + ": a fresh room numbers from 1, no gaps");
        }
        assertTrue(reader.chatNotices().contains("Reconnected · catching up on 3 messages"),
                "the reader says what it caught up on: " + reader.chatNotices());
        reader.screenshot("reader-recovered");
    }

    /**
     * {@code POST admin/disconnect?endpoint=...}: the server closes every WebSocket session of that endpoint with
     * 1012 (service restart). Needs {@code switchboard.admin.enabled=true} on the server.
     */
    private static void disconnect(ServerUnderTest server, String endpoint) {
        HttpResponse<String> response = server.post("admin/disconnect?endpoint=" + endpoint);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST admin/disconnect?endpoint=" + endpoint + " answered " + response.statusCode()
                    + " (is switchboard.admin.enabled=true on the server?): " + response.body());
        }
    }
}
