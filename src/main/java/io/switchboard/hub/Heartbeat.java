package io.switchboard.hub;

import io.switchboard.outbox.Frame;
import java.time.Duration;

/**
 * Finds dead peers: each session is pinged every {@code interval} on its own schedule, a pong clears its
 * count, and a session that misses {@code maxMissed} pings in a row is evicted. A peer that stops answering is
 * therefore closed within {@code interval x (maxMissed + 1)} plus one tick. Ticks come from whichever clock the
 * server has (EJB timer or executor); both end in {@link Peers#heartbeat}.
 */
final class Heartbeat {
    private final long intervalNanos;
    private final int maxMissed;

    Heartbeat(Duration interval, int maxMissed) {
        this.intervalNanos = interval.toNanos();
        this.maxMissed = maxMissed;
    }

    long firstPing(long openedNanos) {
        return openedNanos + intervalNanos;
    }

    /** What one tick does to one peer: nothing, a ping, or eviction. */
    void check(Peer peer, long nowNanos, Peers peers) {
        if (!peer.pingDue(nowNanos)) {
            return;
        }
        if (peer.missedPings() >= maxMissed) {
            peers.evict(peer, CloseReasons.HEARTBEAT_TIMEOUT);
            return;
        }
        peer.pingSent(nowNanos + intervalNanos);
        peer.outbox().offerExempt(Frame.PING);
    }
}
