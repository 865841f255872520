package io.switchboard.delivery;

import io.switchboard.session.Outbox;
import java.util.List;

/**
 * What became of one message handed to {@link Delivery}: whether it was queued for its recipients, and which
 * recipient outboxes are congested, so the publisher can be slowed (back-pressure) instead of anyone dropped.
 */
public record Outcome(boolean delivered, List<Outbox> congested) {
    /** The recipient does not exist (relay). */
    public static final Outcome UNKNOWN_RECIPIENT = new Outcome(false, List.of());
    /** Delivered with no congestion. */
    public static final Outcome DELIVERED = new Outcome(true, List.of());

    /** Blocks the calling reader, bounded, until the congested outboxes drain (see {@link Outbox#awaitDrain()}). */
    public void applyBackPressure() {
        if (!congested.isEmpty()) {
            Outbox.awaitDrain(congested);
        }
    }
}
