package io.switchboard.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** WebSocket handshakes the {@link HandshakeFilter} refused, by HTTP status (401, 403, 429, 503), for the metrics. */
public final class HandshakeRefusals {
    /** Every status the filter refuses with, in a stable order. */
    public static final int[] STATUSES = {401, 403, 429, 503};

    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder forbidden = new LongAdder();
    private final LongAdder tooMany = new LongAdder();
    private final LongAdder full = new LongAdder();

    void refused(int status) {
        switch (status) {
            case 401 -> unauthorized.increment();
            case 403 -> forbidden.increment();
            case 429 -> tooMany.increment();
            case 503 -> full.increment();
            default -> throw new IllegalArgumentException("not a refusal status: " + status);
        }
    }

    /** Refusals so far by status (every status present, zero included). */
    public Map<Integer, Long> byStatus() {
        Map<Integer, Long> totals = new LinkedHashMap<>();
        totals.put(401, unauthorized.sum());
        totals.put(403, forbidden.sum());
        totals.put(429, tooMany.sum());
        totals.put(503, full.sum());
        return totals;
    }
}
