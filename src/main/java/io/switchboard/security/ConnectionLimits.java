package io.switchboard.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps open WebSocket connections in total and per remote address. A handshake takes a pending slot; the
 * session's open claims it, its close frees it; a handshake that does not upgrade gives it back. Pending slots
 * that are never claimed expire, so a lost open cannot shut an address out for good.
 */
public final class ConnectionLimits {
    /** HTTP status when the server as a whole is full. */
    public static final int SERVER_FULL = 503;
    /** HTTP status when one address has too many connections. */
    public static final int TOO_MANY_FROM_ADDRESS = 429;
    /** A handshake that upgraded opens its session within milliseconds; this is generous. */
    static final Duration PENDING_TTL = Duration.ofSeconds(30);

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Slots> byAddress = new HashMap<>();
    private int total;

    /** One address's open connections and the start times of its pending handshakes. */
    private static final class Slots {
        int open;
        final ArrayDeque<Long> pending = new ArrayDeque<>();

        int used() {
            return open + pending.size();
        }
    }

    public ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a pending slot for {@code address}: 0 when admitted, otherwise the HTTP status to refuse with. */
    public synchronized int tryAdmit(String address, long nowNanos) {
        Slots slots = byAddress.computeIfAbsent(address, a -> new Slots());
        expire(slots, nowNanos);
        if (total >= maxTotal) {
            forgetIfUnused(address, slots);
            return SERVER_FULL;
        }
        if (slots.used() >= maxPerAddress) {
            return TOO_MANY_FROM_ADDRESS;
        }
        slots.pending.addLast(nowNanos);
        total++;
        return 0;
    }

    /** The handshake did not become a WebSocket: give its slot back. */
    public synchronized void abandon(String address) {
        Slots slots = byAddress.get(address);
        if (slots != null && slots.pending.pollFirst() != null) {
            total--;
            forgetIfUnused(address, slots);
        }
    }

    /** The session opened: its pending slot becomes an open one. */
    public synchronized void opened(String address) {
        Slots slots = byAddress.computeIfAbsent(address, a -> new Slots());
        if (slots.pending.pollFirst() == null) {
            total++; // its pending slot expired meanwhile: count it again
        }
        slots.open++;
    }

    /** The session closed. */
    public synchronized void closed(String address) {
        Slots slots = byAddress.get(address);
        if (slots != null && slots.open > 0) {
            slots.open--;
            total--;
            forgetIfUnused(address, slots);
        }
    }

    public synchronized int openFrom(String address) {
        Slots slots = byAddress.get(address);
        return slots == null ? 0 : slots.open;
    }

    /** Addresses tracked (open or pending); bounded by the connections, never by every address ever seen. */
    public synchronized int addresses() {
        return byAddress.size();
    }

    private void expire(Slots slots, long nowNanos) {
        while (!slots.pending.isEmpty() && nowNanos - slots.pending.peekFirst() > PENDING_TTL.toNanos()) {
            slots.pending.pollFirst();
            total--;
        }
    }

    private void forgetIfUnused(String address, Slots slots) {
        if (slots.used() == 0) {
            byAddress.remove(address);
        }
    }
}
