package io.switchboard.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The application's running totals, reported by {@code /status}; contention-free to update from any thread. */
public final class Counters {
    private final Map<EndpointKind, AtomicInteger> open = new EnumMap<>(EndpointKind.class);
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder slowConsumerCloses = new LongAdder();
    final LongAdder heartbeatCloses = new LongAdder();

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
