package io.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.outbox.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatHistoryTest {

    private static List<String> replay(ChatHistory history, long since) {
        List<String> out = new ArrayList<>();
        history.replayAfter(since, frame -> out.add(frame.text()));
        return out;
    }

    @Test
    void replaysOnlyWhatFollowsSinceInOrder() {
        ChatHistory history = new ChatHistory(10);
        for (long seq = 1; seq <= 4; seq++) {
            history.add(seq, Frame.text("m" + seq));
        }
        assertEquals(List.of("m3", "m4"), replay(history, 2));
        assertEquals(List.of(), replay(history, 4));
        assertEquals(List.of(), replay(history, 99));
        assertEquals(List.of("m1", "m2", "m3", "m4"), replay(history, 0));
        assertFalse(history.truncatedAfter(0));
    }

    @Test
    void keepsOnlyTheLastCapacityMessagesAndSaysWhenSomeWereDropped() {
        ChatHistory history = new ChatHistory(3);
        for (long seq = 1; seq <= 7; seq++) {
            history.add(seq, Frame.text("m" + seq));
        }
        assertEquals(5, history.oldest());
        assertEquals(List.of("m5", "m6", "m7"), replay(history, 0));
        assertTrue(history.truncatedAfter(3));
        assertFalse(history.truncatedAfter(4), "seq 5 onwards are all there");
        assertFalse(history.truncatedAfter(7));
    }

    @Test
    void anEmptyHistoryIsNeverTruncated() {
        ChatHistory history = new ChatHistory(3);
        assertFalse(history.truncatedAfter(0));
        assertEquals(List.of(), replay(history, 0));
    }
}
