package io.switchboard.broker;

import io.switchboard.outbox.Frame;
import java.util.function.Consumer;

/**
 * The last {@code capacity} chat messages of a room, as the frames members received, for {@code since} replay.
 * Seqs are contiguous, so a ring indexed by seq holds them without per-message bookkeeping. Guarded by its
 * room's lock.
 */
final class ChatHistory {
    private final Frame.Text[] ring;
    private long latest;

    ChatHistory(int capacity) {
        this.ring = new Frame.Text[capacity];
    }

    /** Stores the message numbered {@code seq}, which must be the next one. */
    void add(long seq, Frame.Text frame) {
        ring[(int) (seq % ring.length)] = frame;
        latest = seq;
    }

    /** Oldest seq still retained (latest + 1 when empty). */
    long oldest() {
        return Math.max(1, latest - ring.length + 1);
    }

    /** Whether messages after {@code since} were dropped before they could be replayed. */
    boolean truncatedAfter(long since) {
        return since < latest && since + 1 < oldest();
    }

    /** Feeds every retained message with seq above {@code since}, oldest first. */
    void replayAfter(long since, Consumer<Frame.Text> sink) {
        for (long seq = Math.max(since + 1, oldest()); seq <= latest; seq++) {
            sink.accept(ring[(int) (seq % ring.length)]);
        }
    }
}
