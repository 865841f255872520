package io.switchboard.hub;

import java.util.EnumMap;
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

    Counters() {
        for (EndpointKind kind : EndpointKind.values()) {
            open.put(kind, new AtomicInteger());
        }
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
