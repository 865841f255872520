package io.switchboard.session;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.delivery.Delivery;
import io.switchboard.delivery.LocalDelivery;
import io.switchboard.security.ConnectionLimits;
import io.switchboard.security.Identity;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application-wide registry: every connected peer, the relay directory, the rooms, the counters, and
 * the one place peer ids are assigned. Endpoints hold no shared state of their own; they call in here.
 */
public final class Registry {
    private static final Logger LOG = System.getLogger(Registry.class.getName());
    private static final ThrottledLog CLOSES = new ThrottledLog(Registry.class);
    /** Tomcat's per-session bound on blocking sends (the close frame); a stuck client must not hold a thread for its 20 s default. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long CLOSE_SEND_TIMEOUT_MILLIS = 2000;
    /** Closes can block on a stuck client's socket; they run on a few threads of their own, never a reader's. */
    private static final int CLOSER_THREADS = 4;

    private final SwitchboardConfig config;
    private final Counters counters = new Counters();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final RelayDirectory relay = new RelayDirectory();
    private final Rooms rooms;
    private final ConnectionLimits connectionLimits;
    private final Delivery delivery;
    private final Heartbeat heartbeat;
    private final ThreadPoolExecutor closer;

    public Registry(SwitchboardConfig config) {
        this.config = config;
        this.rooms = new Rooms(config.historySize(), config.maxRooms(), config.roomIdle());
        this.connectionLimits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerAddress());
        this.delivery = new LocalDelivery(rooms, relay);
        this.heartbeat = new Heartbeat(config.heartbeatInterval(), config.heartbeatMaxMissed());
        AtomicInteger threadNumber = new AtomicInteger();
        this.closer = new ThreadPoolExecutor(CLOSER_THREADS, CLOSER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "switchboard-closer-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.closer.allowCoreThreadTimeOut(true);
    }

    public SwitchboardConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
    }

    public Delivery delivery() {
        return delivery;
    }

    public RelayDirectory relay() {
        return relay;
    }

    public Rooms rooms() {
        return rooms;
    }

    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /**
     * Registers a newly opened session and gives it its id and outbox. The outbox is held until the peer's
     * first frame is queued: {@link #enterRelay}, {@link #joinRoom} or (echo) {@link Outbox#release()}.
     */
    public Peer open(Session session, EndpointKind kind) {
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
        String id = Long.toString(lastId.incrementAndGet());
        Principal principal = session.getUserPrincipal();
        Identity identity = principal instanceof Identity known ? known : new Identity(null, null);
        if (identity.address() != null) {
            connectionLimits.opened(identity.address());
        }
        Peer[] self = new Peer[1];
        Outbox.Listener events = new Outbox.Listener() {
            @Override
            public void slowConsumer() {
                counters.slowConsumerCloses.increment();
                CLOSES.info("slow-consumer", () -> "Closing " + self[0] + ": slow consumer");
                closer.execute(() -> evict(self[0], CloseReasons.SLOW_CONSUMER));
            }

            @Override
            public void sent() {
                counters.messagesOut.increment();
            }

            @Override
            public void failed(Throwable cause) {
                // The connection is broken (the client vanished). Containers do not always notice on their
                // own (Tomcat keeps a session open after a failed async write), so end it here.
                LOG.log(Level.DEBUG, () -> "Send to " + self[0] + " failed: " + cause);
                closer.execute(() -> evict(self[0], CloseReasons.CONNECTION_LOST));
            }
        };
        Peer peer = new Peer(id, identity.user(), identity.address(), kind, session, events, config.sendQueueMax(),
                heartbeat.firstPing(System.nanoTime()));
        self[0] = peer;
        peers.put(id, peer);
        counters.opened(kind);
        return peer;
    }

    /** Makes a relay peer addressable: it gets its welcome, the others a joined notice. */
    public void enterRelay(Peer peer) {
        relay.enter(peer);
        peer.outbox().release();
    }

    /**
     * Puts a broadcast peer in a room; {@code since < 0} means no replay.
     *
     * @return false when the room would be new and the room limit is reached
     */
    public boolean joinRoom(Peer peer, String roomName, long since) {
        peer.room(roomName);
        if (!rooms.join(roomName, peer, since)) {
            peer.room(null);
            return false;
        }
        peer.outbox().release();
        return true;
    }

    /** Counts one accepted incoming message. */
    public void received() {
        counters.messagesIn.increment();
    }

    /**
     * Forgets a peer whose session closed, for whatever reason: it leaves the relay or its room (the others
     * are told) and its queue is released. Safe to call more than once.
     *
     * @return true for the call that removed it
     */
    public boolean closed(Peer peer) {
        if (!peer.markLeft()) {
            return false;
        }
        peer.outbox().close();
        peers.remove(peer.id(), peer);
        counters.closed(peer.kind());
        if (peer.address() != null) {
            connectionLimits.closed(peer.address());
        }
        switch (peer.kind()) {
            case RELAY -> relay.leave(peer);
            case BROADCAST -> {
                Room room = peer.room() == null ? null : rooms.existing(peer.room());
                if (room != null) {
                    room.leave(peer);
                }
            }
            default -> {
                // echo peers are known only to the registry
            }
        }
        return true;
    }

    /** Removes a peer at once and closes its session with {@code reason} (off the caller's thread). */
    public void evict(Peer peer, CloseReason reason) {
        if (!closed(peer)) {
            return;
        }
        if (reason == CloseReasons.HEARTBEAT_TIMEOUT) {
            counters.heartbeatCloses.increment();
            CLOSES.info("heartbeat-timeout", () -> "Closing " + peer + ": heartbeat timeout");
        }
        closer.execute(() -> closeQuietly(peer.session(), reason));
    }

    /** One heartbeat tick over every peer; also retires idle empty rooms. */
    public void heartbeat(long nowNanos) {
        for (Peer peer : peers.values()) {
            heartbeat.check(peer, nowNanos, this);
        }
        rooms.sweep(nowNanos);
    }

    /** Closes every session (of one kind, or all when {@code kind} is null) with {@code reason}. */
    public int disconnectAll(EndpointKind kind, CloseReason reason) {
        int count = 0;
        for (Peer peer : peers.values()) {
            if (kind == null || peer.kind() == kind) {
                evict(peer, reason);
                count++;
            }
        }
        return count;
    }

    /**
     * Undeploy: closes every session with 1001 on the calling thread, so the close frames are written before
     * the container (or the JVM) goes on to stop its listeners, then stops the closer threads.
     */
    public void shutdown() {
        for (Peer peer : peers.values()) {
            if (closed(peer)) {
                closeQuietly(peer.session(), CloseReasons.SHUTDOWN);
            }
        }
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every connected peer (a live view). */
    public Collection<Peer> peers() {
        return peers.values();
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Close failed: " + e);
        }
    }
}
