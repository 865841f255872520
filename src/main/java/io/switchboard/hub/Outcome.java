package io.switchboard.hub;

import io.switchboard.outbox.Outbox;
import java.util.List;

/**
 * What became of one message handed on for delivery: whether it was accepted and queued for its recipients,
 * and which recipient outboxes are congested, so the publisher can be slowed (back-pressure) instead of anyone
 * dropped.
 */
public record Outcome(boolean delivered, List<Outbox> congested) {
    /** Nobody to deliver to (relay: no such id). */
    public static final Outcome UNKNOWN_RECIPIENT = new Outcome(false, List.of());
    /** Delivered with no congestion. */
    public static final Outcome DELIVERED = new Outcome(true, List.of());

    /** Delivered; slows the sender down when {@code congested} is not empty. */
    public static Outcome delivered(List<Outbox> congested) {
        return congested.isEmpty() ? DELIVERED : new Outcome(true, congested);
    }

    /** Blocks the calling reader, bounded, until the congested outboxes drain (see {@link Outbox#awaitDrain()}). */
    public void applyBackPressure() {
        if (!congested.isEmpty()) {
            Outbox.awaitDrain(congested);
        }
    }
}
