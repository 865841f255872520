package io.switchboard.hub;

import jakarta.websocket.CloseReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The application's running totals, reported by {@code /status}; contention-free to update from any thread. */
public final class Counters {
    private final Map<EndpointKind, AtomicInteger> open = new EnumMap<>(EndpointKind.class);
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final LongAdder heartbeatCloses = new LongAdder();
    /** Server-initiated closes by metrics label (fixed at construction, so reads and updates need no lock). */
    private final Map<String, LongAdder> closesByReason = new LinkedHashMap<>();

    Counters() {
        for (EndpointKind kind : EndpointKind.values()) {
            open.put(kind, new AtomicInteger());
        }
        for (String label : CloseReasons.LABELS.values()) {
            closesByReason.put(label, new LongAdder());
        }
        closesByReason.put("other", new LongAdder());
    }

    /** Counts one close the server initiated, by its {@link CloseReasons#label label}. */
    public void closedFor(CloseReason reason) {
        closesByReason.get(CloseReasons.label(reason)).increment();
    }

    /** Server-initiated closes so far, by label (every label present, zero included). */
    public Map<String, Long> closesByReason() {
        Map<String, Long> totals = new LinkedHashMap<>();
        closesByReason.forEach((label, count) -> totals.put(label, count.sum()));
        return totals;
    }

    void opened(EndpointKind kind) {
        open.get(kind).incrementAndGet();
    }

    void closed(EndpointKind kind) {
        open.get(kind).decrementAndGet();
    }

    /** Counts one accepted incoming message. */
    public void received() {
        messagesIn.increment();
    }

    void sent(int frames) {
        messagesOut.add(frames);
    }

    void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    void heartbeatClosed() {
        heartbeatCloses.increment();
    }

    public int open(EndpointKind kind) {
        return open.get(kind).get();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    public long heartbeatCloses() {
        return heartbeatCloses.sum();
    }
}
