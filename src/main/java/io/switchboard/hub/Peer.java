package io.switchboard.hub;

import io.switchboard.outbox.Outbox;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected client as this node knows it: its server-assigned id, its session, its outbox, its heartbeat
 * state and what it is a member of. Created by {@link Peers#open}; everything sent to the client goes through
 * {@link #outbox()}.
 */
public final class Peer {
    private final String id;
    private final String user;
    private final String address;
    private final EndpointKind kind;
    private final Session session;
    private final Outbox outbox;
    private final AtomicBoolean left = new AtomicBoolean();
    private final AtomicInteger missedPings = new AtomicInteger();
    private volatile long nextPingNanos;
    private volatile Membership membership = Membership.NONE;

    Peer(String id, String user, String address, EndpointKind kind, Session session, Outbox outbox,
            long firstPingNanos) {
        this.id = id;
        this.user = user;
        this.address = address;
        this.kind = kind;
        this.session = session;
        this.outbox = outbox;
        this.nextPingNanos = firstPingNanos;
    }

    public String id() {
        return id;
    }

    /** The authenticated user (the token's subject), or null when authentication is off. */
    public String user() {
        return user;
    }

    /** The remote address the connection limits count, or null where the handshake filter did not run. */
    public String address() {
        return address;
    }

    public EndpointKind kind() {
        return kind;
    }

    public Session session() {
        return session;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Records what the peer joined, to be left when it goes. */
    public void membership(Membership membership) {
        this.membership = membership == null ? Membership.NONE : membership;
    }

    Membership membership() {
        return membership;
    }

    /** A pong arrived: the client is alive. */
    public void pongReceived() {
        missedPings.set(0);
    }

    /** Whether the peer is gone (closed, evicted or shut down). */
    public boolean hasLeft() {
        return left.get();
    }

    int missedPings() {
        return missedPings.get();
    }

    boolean pingDue(long nowNanos) {
        return nowNanos - nextPingNanos >= 0;
    }

    void pingSent(long nextPingNanos) {
        missedPings.incrementAndGet();
        this.nextPingNanos = nextPingNanos;
    }

    /** Marks the peer as gone; true only for the first call, so leaving happens once however it is triggered. */
    boolean markLeft() {
        return left.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return kind.label() + "#" + id;
    }
}
