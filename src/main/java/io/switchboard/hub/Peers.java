package io.switchboard.hub;

import io.switchboard.logging.ThrottledLog;
import io.switchboard.outbox.Outbox;
import io.switchboard.outbox.Writers;
import io.switchboard.security.ConnectionLimits;
import io.switchboard.security.Identity;
import io.switchboard.threads.OwnThreads;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every client connected to this node: ids, open and close, eviction, the heartbeat and shutdown. What a peer
 * is a member of (a room, the relay) is the broker's; this ends it through the peer's {@link Membership}.
 */
public final class Peers {
    private static final Logger LOG = System.getLogger(Peers.class.getName());
    private static final ThrottledLog CLOSES = new ThrottledLog(Peers.class);
    /**
     * Tomcat's per-session bound on blocking sends (data, flushes and the close frame); its default is 20 s.
     * A write that makes no progress for this long fails and the connection is dropped.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /** How long one blocking write to a client may make no progress before the client is dropped. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** Closes can block on a stuck client's socket; they run on a few threads of their own, never a reader's. */
    private static final int CLOSER_THREADS = 4;
    /**
     * Reconnects per second that the other nodes of a cluster take in without strain (a WebSocket handshake and a
     * join with replay are well under a millisecond of CPU each): a stopping node spreads its clients' reconnects
     * to keep below this.
     */
    private static final int RECONNECTS_PER_SECOND = 1000;
    /** The shortest reconnect window at shutdown: a few clients still should not all come back in the same instant. */
    private static final Duration MIN_RECONNECT_SPREAD = Duration.ofSeconds(1);
    /** The longest: no client is told to stay away longer than the page's longest backoff (15 s). */
    private static final Duration MAX_RECONNECT_SPREAD = Duration.ofSeconds(15);
    /**
     * How long shutdown waits for the container to report the sessions it closed as closed: some containers
     * (Tyrus, in Payara) write the close frame later, on their own threads, and would drop it if the server went
     * on to stop its listeners at once; the client would see 1006 instead of 1001 and its reconnect hint.
     */
    static final Duration CLOSE_FRAMES_WAIT = Duration.ofSeconds(2);

    private final int queueCapacity;
    private final Heartbeat heartbeat;
    private final ConnectionLimits connectionLimits;
    private final Writers writers;
    private final Counters counters = new Counters();
    private final Map<String, Peer> byId = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final ThreadPoolExecutor closer;
    private final OwnThreads closerThreads = OwnThreads.numbered("switchboard-closer");
    /** Sessions closed at shutdown whose container has not yet reported them closed (see {@link #ended}). */
    private final Set<Peer> closingAtShutdown = ConcurrentHashMap.newKeySet();
    /** Put before each id's number: empty on a single node ("1", "2", ...), "NODE." in a cluster. */
    private final String idPrefix;

    public Peers(int queueCapacity, Duration heartbeatInterval, int heartbeatMaxMissed,
            ConnectionLimits connectionLimits, Writers writers) {
        this(queueCapacity, heartbeatInterval, heartbeatMaxMissed, connectionLimits, writers, "");
    }

    /**
     * @param idPrefix put before each id's number, so ids are unique across a cluster ({@code "NODE."}, where
     *                 the node id holds no dot); empty on a single node
     */
    public Peers(int queueCapacity, Duration heartbeatInterval, int heartbeatMaxMissed,
            ConnectionLimits connectionLimits, Writers writers, String idPrefix) {
        this.idPrefix = idPrefix;
        this.queueCapacity = queueCapacity;
        this.heartbeat = new Heartbeat(heartbeatInterval, heartbeatMaxMissed);
        this.connectionLimits = connectionLimits;
        this.writers = writers;
        this.closer = new ThreadPoolExecutor(CLOSER_THREADS, CLOSER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), closerThreads);
        this.closer.allowCoreThreadTimeOut(true);
    }

    public Counters counters() {
        return counters;
    }

    /** Registers a newly opened session and gives it its id and outbox; nothing is queued for it yet. */
    public Peer open(Session session, EndpointKind kind) {
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, WRITE_TIMEOUT.toMillis());
        String id = idPrefix.isEmpty() ? Long.toString(lastId.incrementAndGet()) : idPrefix + lastId.incrementAndGet();
        Principal principal = session.getUserPrincipal();
        Identity identity = principal instanceof Identity known ? known : new Identity(null, null);
        if (identity.address() != null) {
            connectionLimits.opened(identity.address());
        }
        Peer[] self = new Peer[1];
        Outbox outbox = new Outbox(session, queueCapacity, writers, new Outbox.Events() {
            @Override
            public void slowConsumer() {
                counters.slowConsumerClosed();
                CLOSES.info("slow-consumer", () -> "Closing " + self[0] + ": slow consumer");
                closer.execute(() -> evict(self[0], CloseReasons.SLOW_CONSUMER));
            }

            @Override
            public void sent(int frames) {
                counters.sent(frames);
            }

            @Override
            public void failed(Throwable cause) {
                // The connection is broken (the client vanished or stalled past the write timeout). Containers
                // do not always notice on their own, so end it here.
                LOG.log(Level.DEBUG, () -> "Send to " + self[0] + " failed: " + cause);
                closer.execute(() -> evict(self[0], CloseReasons.CONNECTION_LOST));
            }
        });
        Peer peer = new Peer(id, identity.user(), identity.address(), kind, session, outbox,
                heartbeat.firstPing(System.nanoTime()));
        self[0] = peer;
        byId.put(id, peer);
        counters.opened(kind);
        return peer;
    }

    /**
     * Forgets a peer whose session closed, for whatever reason: it leaves what it was a member of (the others
     * are told) and its queue is released. Safe to call more than once.
     *
     * @return true for the call that removed it
     */
    public boolean closed(Peer peer) {
        if (!peer.markLeft()) {
            return false;
        }
        peer.outbox().close();
        byId.remove(peer.id(), peer);
        counters.closed(peer.kind());
        if (peer.address() != null) {
            connectionLimits.closed(peer.address());
        }
        peer.membership().leave(peer);
        return true;
    }

    /** The container reports the peer's session closed (the endpoint's onClose): after a close of ours, its frame has left. */
    public void ended(Peer peer) {
        closed(peer);
        closingAtShutdown.remove(peer);
    }

    /** Removes a peer at once and closes its session with {@code reason} (off the caller's thread). */
    public void evict(Peer peer, CloseReason reason) {
        if (!closed(peer)) {
            return;
        }
        counters.closedFor(reason);
        if (reason == CloseReasons.HEARTBEAT_TIMEOUT) {
            counters.heartbeatClosed();
            CLOSES.info("heartbeat-timeout", () -> "Closing " + peer + ": heartbeat timeout");
        }
        closer.execute(() -> closeQuietly(peer.session(), reason));
    }

    /** One heartbeat tick over every peer. */
    public void heartbeat(long nowNanos) {
        for (Peer peer : byId.values()) {
            heartbeat.check(peer, nowNanos, this);
        }
    }

    /** Closes every session (of one kind, or all when {@code kind} is null) with {@code reason}. */
    public int disconnectAll(EndpointKind kind, CloseReason reason) {
        int count = 0;
        for (Peer peer : byId.values()) {
            if (kind == null || peer.kind() == kind) {
                evict(peer, reason);
                count++;
            }
        }
        return count;
    }

    /**
     * Shutdown: closes every session with 1001 on the calling thread, so the close frames are written before
     * the container (or the JVM) goes on to stop its listeners, then stops the closer threads. Each close reason
     * carries a random {@code retry in N ms} within {@link #reconnectSpreadMillis(int)}, so that the clients of a
     * stopping node (in a cluster, all of them reconnect to the other nodes) do not all come back at once.
     */
    public void shutdown() {
        long spread = reconnectSpreadMillis(byId.size());
        for (Peer peer : byId.values()) {
            if (closed(peer)) {
                counters.closedFor(CloseReasons.SHUTDOWN);
                closingAtShutdown.add(peer);
                if (!closeQuietly(peer.session(),
                        CloseReasons.shutdown(ThreadLocalRandom.current().nextLong(spread)))) {
                    closingAtShutdown.remove(peer); // already closed, or the close failed: nothing to wait for
                }
            }
        }
        awaitCloseFrames();
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closerThreads.awaitEnd(OwnThreads.AFTER_TERMINATION);
    }

    /** Waits, at most {@link #CLOSE_FRAMES_WAIT}, until the container reports every session closed at shutdown. */
    private void awaitCloseFrames() {
        long deadline = System.nanoTime() + CLOSE_FRAMES_WAIT.toNanos();
        while (!closingAtShutdown.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!closingAtShutdown.isEmpty()) {
            LOG.log(Level.INFO, "{0} sessions not reported closed within {1} ms of shutdown",
                    closingAtShutdown.size(), CLOSE_FRAMES_WAIT.toMillis());
            closingAtShutdown.clear();
        }
    }

    /**
     * The window over which a stopping node's {@code sessions} clients are told to reconnect: long enough that
     * they arrive at no more than {@link #RECONNECTS_PER_SECOND}, within {@link #MIN_RECONNECT_SPREAD} and
     * {@link #MAX_RECONNECT_SPREAD}.
     */
    static long reconnectSpreadMillis(int sessions) {
        long window = Math.max(MIN_RECONNECT_SPREAD.toMillis(), sessions * 1000L / RECONNECTS_PER_SECOND);
        return Math.min(window, MAX_RECONNECT_SPREAD.toMillis());
    }

    /**
     * The outbound queues of every connected peer at this moment, scanned (for a metrics scrape, never on the
     * message path): the deepest queue and the frames queued in all.
     */
    public QueueDepths queueDepths() {
        int max = 0;
        long total = 0;
        for (Peer peer : byId.values()) {
            int depth = peer.outbox().depth();
            max = Math.max(max, depth);
            total += depth;
        }
        return new QueueDepths(max, total);
    }

    /** What {@link #queueDepths()} found. */
    public record QueueDepths(int max, long total) {
    }

    /** Every connected peer (a live view). */
    public Collection<Peer> all() {
        return byId.values();
    }

    /** @return whether the session was open and its close went to the container without an error */
    private static boolean closeQuietly(Session session, CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Close failed: " + e);
        }
        return false;
    }
}
