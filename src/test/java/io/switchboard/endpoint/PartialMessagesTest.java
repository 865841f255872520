package io.switchboard.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PartialMessagesTest {

    @Test
    void joinsTextPartsAndStartsAfreshAfterEachMessage() {
        PartialMessages parts = new PartialMessages(100);
        assertNull(parts.text("hel", false));
        assertEquals("hello", parts.text("lo", true));
        assertEquals("next", parts.text("next", true));
    }

    @Test
    void theLimitIsInUtf8BytesAcrossParts() {
        PartialMessages parts = new PartialMessages(10);
        assertEquals("éééée", parts.text("éééée", true), "10 bytes is at the limit");
        assertNull(parts.text("ééé", false));
        assertNull(parts.text("ééé", true));
        assertTrue(parts.tooBig());
        assertNull(parts.text("x", true), "once too big, everything after is ignored");
    }

    @Test
    void joinsBinaryPartsIntoAPrivateCopy() {
        PartialMessages parts = new PartialMessages(100);
        ByteBuffer first = ByteBuffer.wrap(new byte[] {1, 2});
        assertNull(parts.binary(first, false));
        ByteBuffer whole = parts.binary(ByteBuffer.wrap(new byte[] {3}), true);
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), whole);
        assertFalse(parts.tooBig());
        assertNull(new PartialMessages(2).binary(ByteBuffer.wrap(new byte[3]), true));
    }

    @Test
    void utf8LengthCountsSurrogatePairsAsFourBytes() {
        assertEquals(1, PartialMessages.utf8Length("a"));
        assertEquals(2, PartialMessages.utf8Length("é"));
        assertEquals(3, PartialMessages.utf8Length("€"));
        assertEquals(4, PartialMessages.utf8Length("🚀"));
    }
}
