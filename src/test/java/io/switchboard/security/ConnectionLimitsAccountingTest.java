package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectionLimitsAccountingTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void pendingHandshakesCountUntilTheyOpenOrAreAbandoned() {
        ConnectionLimits limits = new ConnectionLimits(10, 2);
        assertEquals(0, limits.tryAdmit("a", 0));
        assertEquals(0, limits.tryAdmit("a", 0));
        assertEquals(ConnectionLimits.TOO_MANY_FROM_ADDRESS, limits.tryAdmit("a", 0));
        limits.abandon("a");
        assertEquals(0, limits.tryAdmit("a", 0));
        limits.opened("a");
        limits.opened("a");
        assertEquals(2, limits.openFrom("a"));
        assertEquals(ConnectionLimits.TOO_MANY_FROM_ADDRESS, limits.tryAdmit("a", 0));
        assertEquals(0, limits.tryAdmit("b", 0), "other addresses are not affected");
        limits.closed("a");
        assertEquals(0, limits.tryAdmit("a", 0));
    }

    @Test
    void theTotalCapCountsEveryAddress() {
        ConnectionLimits limits = new ConnectionLimits(2, 5);
        assertEquals(0, limits.tryAdmit("a", 0));
        assertEquals(0, limits.tryAdmit("b", 0));
        assertEquals(ConnectionLimits.SERVER_FULL, limits.tryAdmit("c", 0));
        assertEquals(2, limits.addresses(), "a refused address leaves nothing behind");
    }

    @Test
    void aPendingSlotThatIsNeverClaimedExpires() {
        ConnectionLimits limits = new ConnectionLimits(10, 1);
        assertEquals(0, limits.tryAdmit("a", 0));
        assertEquals(ConnectionLimits.TOO_MANY_FROM_ADDRESS, limits.tryAdmit("a", SECOND));
        assertEquals(0, limits.tryAdmit("a", ConnectionLimits.PENDING_TTL.toNanos() + SECOND));
    }
}
