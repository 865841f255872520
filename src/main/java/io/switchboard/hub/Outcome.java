package io.switchboard.hub;

import io.switchboard.outbox.Outbox;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What became of one message handed on for delivery: accepted and queued for its recipients (with its room
 * {@code seq}, 0 for a direct message), refused because nobody has that id, or refused because the broker
 * cannot be reached; and which recipient outboxes on this node are congested, or how long another node asked
 * publishers to pause for its own, so the publisher can be slowed (back-pressure) instead of anyone dropped.
 */
public record Outcome(Status status, long seq, List<Outbox> congested, long pauseNanos) {

    public Outcome(Status status, long seq, List<Outbox> congested) {
        this(status, seq, congested, 0);
    }

    /** Whether the message was accepted. */
    public enum Status {
        /** Accepted: numbered (rooms), stored and queued for every recipient. */
        DELIVERED,
        /** Not accepted: no client has that id (relay). */
        UNKNOWN_RECIPIENT,
        /** Not accepted: the broker cannot be reached; nobody received it. */
        UNAVAILABLE
    }

    /** No client has that id (relay). */
    public static final Outcome UNKNOWN_RECIPIENT = new Outcome(Status.UNKNOWN_RECIPIENT, 0, List.of());
    /** The broker cannot be reached: nothing was delivered. */
    public static final Outcome UNAVAILABLE = new Outcome(Status.UNAVAILABLE, 0, List.of());
    /** A direct message delivered with no congestion. */
    public static final Outcome DELIVERED = new Outcome(Status.DELIVERED, 0, List.of());

    /** Accepted as number {@code seq} (0 for a direct message); slows the sender when {@code congested} is not empty. */
    public static Outcome delivered(long seq, List<Outbox> congested) {
        return seq == 0 && congested.isEmpty() ? DELIVERED : new Outcome(Status.DELIVERED, seq, congested);
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }

    /** The same outcome, with a pause another node asked for (a member of the room there is congested). */
    public Outcome pausedFor(long nanos) {
        return new Outcome(status, seq, congested, nanos);
    }

    /**
     * Blocks the calling reader, bounded: until the congested outboxes drain (see {@link Outbox#awaitDrain()}),
     * then for the pause another node asked for.
     */
    public void applyBackPressure() {
        if (!congested.isEmpty()) {
            Outbox.awaitDrain(congested);
        }
        if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
        }
    }
}
