package io.switchboard.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.broker.Broker;
import io.switchboard.broker.BrokerUnavailableException;
import io.switchboard.broker.ClusterStatus;
import io.switchboard.broker.Room;
import io.switchboard.broker.RoomState;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.DurationHistogram;
import io.switchboard.hub.Hub;
import io.switchboard.hub.LocalRoom;
import io.switchboard.hub.Outcome;
import io.switchboard.hub.Peer;
import io.switchboard.hub.Peers;
import io.switchboard.logging.ThrottledLog;
import io.switchboard.outbox.Frame;
import io.switchboard.outbox.Outbox;
import io.switchboard.protocol.ChatMessage;
import io.switchboard.protocol.DirectMessage;
import io.switchboard.protocol.PeerJoined;
import io.switchboard.protocol.PeerLeft;
import io.switchboard.protocol.Presence;
import io.switchboard.protocol.RelayWelcome;
import io.switchboard.protocol.RoomWelcome;
import io.switchboard.protocol.ServerMessageEncoder;
import io.switchboard.threads.OwnThreads;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster broker: every node of one Switchboard cluster shares its rooms, relay and presence through one
 * Redis. A chat message is numbered and stored in one atomic script (seq counter, stream history, pub/sub
 * announcement); it is accepted only once that script ran, and the publisher is told {@code unavailable}
 * otherwise. Each node delivers a room's messages to its own members strictly in seq order: pub/sub is
 * at-most-once, so a node that sees a gap fills it from the stream before going on, and its heartbeat tick
 * compares each room's seq with what it delivered, so even a lost last message arrives within a tick.
 *
 * <p>Threads: publishers run the script on their own reader thread (one Redis round trip) and deliver their
 * message here at once when it is next in line; messages from pub/sub are handed from Lettuce's event loop to
 * one dispatcher thread per node (Redis calls never run on the event loop). A room's lock orders numbering
 * into local delivery, welcome, replay and joins, as in the single-node broker. See docs/CLUSTER.md.
 */
public final class RedisBroker implements Broker {
    private static final Logger LOG = System.getLogger(RedisBroker.class.getName());
    private static final ThrottledLog WARNINGS = new ThrottledLog(RedisBroker.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ServerMessageEncoder ENCODER = ServerMessageEncoder.INSTANCE;
    /** How long one Redis command may take before the message it carries is refused as unavailable. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** How long a relay sender waits for the recipient's node to say it queued the message. */
    static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Back-pressure across nodes: how long a node asks a room's publishers (on every node) to pause when a member
     * of the room here is congested but still reading. Asked again at most every half of it while the member
     * stays congested, so a publisher goes at about the slowest reader's pace, and waits at most this long
     * per message. A member that stopped reading is not waited for: it overflows and is closed 1008. A relay
     * sender pauses as long after a receipt that says its recipient (on another node) is congested.
     */
    static final Duration BUSY = Duration.ofMillis(50);
    private static final long BUSY_SIGNAL_INTERVAL_NANOS = BUSY.toNanos() / 2;
    /** A direct message queued on another node for a recipient that cannot keep up: its sender pauses. */
    private static final Outcome DELIVERED_TO_A_BUSY_RECIPIENT = Outcome.DELIVERED.pausedFor(BUSY.toNanos());
    /** A room with no member on this node stays subscribed this long (members come and go). */
    private static final long EMPTY_ROOM_LINGER_NANOS = Duration.ofSeconds(10).toNanos();
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The shortest room idle time in cluster mode: the keys of a room with members are refreshed once a tick
     * (one second), so a shorter time would let them expire between two ticks and reset its history.
     */
    static final long MIN_IDLE_SECONDS = 3;

    private final Hub hub;
    private final Peers peers;
    private final String node;
    private final int historySize;
    private final int maxRooms;
    private final String idleSeconds;
    private final String nodeTtlMillis;
    private final ClientResources resources;
    private final RedisClient client;
    private final ThreadPoolExecutor dispatcher;
    private final OwnThreads dispatcherThread;
    /** Lettuce's and Netty's threads, one factory per pool, so that closing waits until they ended. */
    private final List<OwnThreads> clientThreads = new CopyOnWriteArrayList<>();
    private final Map<String, ClusterRoom> rooms = new ConcurrentHashMap<>();
    /** Orders relay entries and the joined/left notices delivered here, as on a single node. */
    private final Object relayLock = new Object();
    /** Messages this node delivered from history because pub/sub did not bring them (gaps filled). */
    private final LongAdder gapMessagesFilled = new LongAdder();
    /** Joins with {@code since} that replayed everything asked for, and those told {@code truncated}. */
    private final LongAdder recoveriesReplayed = new LongAdder();
    private final LongAdder recoveriesTruncated = new LongAdder();
    /** How long numbering, storing and announcing one chat message in Redis takes (the publish script). */
    private final DurationHistogram publishLatency = new DurationHistogram();
    private final Object connectLock = new Object();
    /** Each local relay peer's place in the cluster's order of relay entries (see {@link Scripts#ENTER_RELAY}). */
    private final Map<String, Long> relayOrder = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Outcome>> directs = new ConcurrentHashMap<>();
    private final AtomicLong lastRequest = new AtomicLong();
    /** Leaves Redis did not hear of (it was down): retried by the tick. */
    private final Queue<Runnable> retries = new ConcurrentLinkedQueue<>();
    private final RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            try {
                dispatcher.execute(() -> dispatch(channel, message));
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    };

    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean redisUp;
    private volatile boolean registered;
    private volatile boolean resyncNeeded;
    private volatile int liveNodes;
    private volatile int clusterRooms;
    private volatile int clusterRelayPeers;
    private volatile boolean closed;

    private RedisBroker(SwitchboardConfig config, Hub hub, Peers peers) {
        this.hub = hub;
        this.peers = peers;
        this.node = config.nodeId();
        this.historySize = config.historySize();
        this.maxRooms = config.maxRooms();
        this.idleSeconds = Long.toString(Math.max(config.roomIdle().toSeconds(), MIN_IDLE_SECONDS));
        this.nodeTtlMillis = Long.toString(config.nodeTtl().toMillis());
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(pool -> {
                    // Lettuce's own kind of thread (Netty's, fast thread-locals), remembered
                    OwnThreads threads = OwnThreads.of(new DefaultThreadFactory(pool, true));
                    clientThreads.add(threads);
                    return threads;
                })
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(config.redisUrl());
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected, so a publisher hears "unavailable" instead of waiting
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.dispatcherThread = OwnThreads.named("switchboard-cluster-" + node);
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                dispatcherThread);
    }

    /**
     * Starts the broker of node {@code config.nodeId()} on {@code config.redisUrl()}. When Redis cannot be reached
     * yet, the node starts anyway (joins are refused with 1013) and connects as soon as it can.
     */
    public static RedisBroker start(SwitchboardConfig config, Hub hub, Peers peers) {
        RedisBroker broker = new RedisBroker(config, hub, peers);
        broker.sweep(System.nanoTime());
        LOG.log(Level.INFO, "Cluster node {0} on Redis {1}: {2}", broker.node, redacted(config.redisUrl()),
                broker.redisUp ? "up" : "down (retrying)");
        return broker;
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    // ---------------------------------------------------------------------------------------------- rooms

    /** One room as this node sees it: its local members, the last seq delivered to them, and what waits. */
    private final class ClusterRoom implements Room {
        final String name;
        final String channel;
        final LocalRoom local;
        final String[] joinKeys;
        final String[] publishKeys;
        final String[] leaveKeys;
        final String logKey;
        final String busyKey;
        /** When this node last asked the room's publishers to pause (under this room's lock). */
        long busySignalledNanos = System.nanoTime() - BUSY_SIGNAL_INTERVAL_NANOS;
        volatile boolean subscribed;
        /** Written under this room's lock; read without it by the tick, to tell a lost history from a new one. */
        volatile String epoch;
        /** The last seq handed to this node's members; written under this room's lock, read by the tick. */
        volatile long delivered;
        TreeMap<Long, String> pending;
        boolean retired;
        long emptySinceNanos = System.nanoTime();

        ClusterRoom(String name) {
            this.name = name;
            this.channel = Keys.roomChannel(name);
            this.local = hub.room(name);
            this.logKey = Keys.roomLog(name);
            this.joinKeys = new String[] {Keys.room(name), logKey, Keys.roomMembers(name), Keys.ROOMS,
                    Keys.nodeRooms(node)};
            this.busyKey = Keys.roomBusy(name);
            this.publishKeys = new String[] {Keys.room(name), logKey, Keys.ROOMS, busyKey};
            this.leaveKeys = new String[] {Keys.roomMembers(name), Keys.nodeRooms(node)};
        }

        @Override
        public String name() {
            return name;
        }

        void subscribe() {
            if (subscribed) {
                return;
            }
            synchronized (connectLock) {
                if (!subscribed) {
                    try {
                        pubsub().sync().subscribe(channel);
                    } catch (RedisException | IllegalStateException e) {
                        throw unavailable(e);
                    }
                    subscribed = true;
                }
            }
        }

        /** @return this room, null at the room limit, or {@code RETIRED} when the sweep retired it meanwhile */
        synchronized Object join(Peer peer, long since, String clientEpoch) {
            if (retired) {
                return RETIRED;
            }
            List<Object> result = run(Scripts.JOIN, joinKeys, newEpoch(), name, node, idleSeconds,
                    Integer.toString(maxRooms), channel, peer.id());
            long seq = (Long) result.get(0);
            if (seq < 0) {
                return null;
            }
            try {
                String current = (String) result.get(1);
                int members = ((Long) result.get(2)).intValue();
                adopt(current);
                catchUpTo(seq);
                boolean replay = since >= 0;
                boolean otherHistory = clientEpoch != null && !clientEpoch.equals(current);
                long after = otherHistory ? 0 : since;
                List<StreamMessage<String, String>> entries = List.of();
                if (replay && after < delivered) {
                    long from = Math.max(Math.max(after + 1, delivered - historySize + 1), 1);
                    entries = range(from, delivered);
                }
                boolean truncated = replay && (otherHistory
                        || after < delivered && (entries.isEmpty() || seqOf(entries.get(0)) > after + 1));
                if (replay) {
                    (truncated ? recoveriesTruncated : recoveriesReplayed).increment();
                }
                peer.outbox().offerExempt(Frame.text(ENCODER.encodeToJson(
                        new RoomWelcome(name, delivered, members, current, truncated))));
                for (StreamMessage<String, String> entry : entries) {
                    peer.outbox().offerExempt(Frame.text(entry.getBody().get("m")));
                }
                hub.join(local, peer);
                peer.membership(this::leave);
                return this;
            } catch (RuntimeException e) {
                // counted in Redis but not joined here: put the count right
                retries.add(this::leaveInRedis);
                throw e;
            }
        }

        /**
         * Under the room's lock, as a join is, so that a {@link #resync()} (which writes the local count) never
         * falls between the local leave and its decrement in Redis.
         */
        synchronized void leave(Peer peer) {
            if (!hub.leave(local, peer)) {
                return;
            }
            if (local.size() == 0) {
                emptySinceNanos = System.nanoTime();
            }
            try {
                leaveInRedis();
            } catch (BrokerUnavailableException e) {
                retries.add(this::leaveInRedis);
            }
        }

        /** Writes this node's member count back into Redis (after Redis lost it), in step with joins and leaves. */
        synchronized void resync() {
            run(Scripts.RESYNC_ROOM, leaveKeys, node, Integer.toString(local.size()), name, channel, idleSeconds);
        }

        void leaveInRedis() {
            run(Scripts.LEAVE, leaveKeys, node, name, channel, idleSeconds);
        }

        /** The publisher's own message, numbered: delivered now when it is next, else when the ones before are. */
        synchronized Outcome accepted(String current, long seq, String text) {
            adopt(current);
            if (seq <= delivered) {
                return Outcome.delivered(seq, List.of());
            }
            if (seq == delivered + 1) {
                List<Outbox> congested = deliver(seq, Frame.text(text));
                drainPending();
                return Outcome.delivered(seq, congested);
            }
            // a message from another node is ahead of it: it comes through pub/sub (or the gap is filled)
            pending().put(seq, text);
            return Outcome.delivered(seq, List.of());
        }

        /** A message from pub/sub (dispatcher thread): Redis sends a room's messages in seq order. */
        synchronized void received(String current, long seq, String text) {
            if (retired) {
                return;
            }
            adopt(current);
            if (seq <= delivered) {
                return;
            }
            if (seq > delivered + 1) {
                if (local.size() == 0) {
                    delivered = seq - 1;
                } else {
                    try {
                        fill(seq - 1); // a gap: a message before this one was lost between Redis and here
                    } catch (BrokerUnavailableException e) {
                        pending().put(seq, text); // the tick fills it once Redis answers
                        return;
                    }
                }
            }
            if (seq == delivered + 1) {
                deliver(seq, Frame.text(text));
            }
            drainPending();
        }

        /**
         * The tick's check: Redis says the room is at {@code seq} in history {@code current}, or (seq -1) that the
         * room's history is gone although this node has members in it (Redis restarted empty): they are closed
         * 1012 at once, so each reconnects and learns from its welcome that the history was reset.
         */
        synchronized void checked(long seq, String current, String epochBefore, long deliveredBefore) {
            if (retired) {
                return;
            }
            if (seq < 0) {
                if (epochBefore != null && epochBefore.equals(epoch) && local.size() > 0) {
                    LOG.log(Level.INFO, "Room {0}: history lost in Redis (epoch {1})", name, epoch);
                    epoch = null;
                    delivered = 0;
                    pending = null;
                    for (Peer member : local.memberList()) {
                        peers.evict(member, CloseReasons.HISTORY_RESET);
                    }
                }
                return;
            }
            adopt(current);
            if (seq < deliveredBefore && current.equals(epochBefore)) {
                // Redis came back from an older copy: its seq went back, so numbers would repeat. That is a lost
                // history too: give it a new name, which every node adopts (closing its members, 1012).
                LOG.log(Level.WARNING, "Room {0}: seq went back from {1} to {2} in Redis; renaming its history",
                        name, deliveredBefore, seq);
                adopt((String) run(Scripts.RENAME_HISTORY, new String[] {Keys.room(name)}, current, newEpoch()).get(0));
                return;
            }
            catchUpTo(seq);
        }

        /** Brings this node up to {@code seq}: fetches what it missed for its members, or skips when it has none. */
        private void catchUpTo(long seq) {
            if (seq <= delivered) {
                return;
            }
            if (local.size() == 0) {
                delivered = seq;
                if (pending != null) {
                    pending.headMap(seq, true).clear();
                }
                drainPending();
                return;
            }
            fill(seq);
            drainPending();
        }

        /** Delivers every stored message up to {@code upTo} that this node has not delivered yet, in order. */
        private void fill(long upTo) {
            List<StreamMessage<String, String>> entries = range(delivered + 1, upTo);
            for (StreamMessage<String, String> entry : entries) {
                long seq = seqOf(entry);
                if (seq <= delivered) {
                    continue;
                }
                if (seq > delivered + 1) {
                    skipped(delivered + 1, seq - 1);
                }
                gapMessagesFilled.increment();
                deliver(seq, Frame.text(entry.getBody().get("m")));
            }
            if (delivered < upTo) {
                skipped(delivered + 1, upTo);
                delivered = upTo;
            }
        }

        private void skipped(long from, long to) {
            WARNINGS.warning("history-trimmed", () -> "Room " + name + " on node " + node + ": messages " + from
                    + ".." + to + " are no longer in history; this node's members miss them");
        }

        private List<Outbox> deliver(long seq, Frame frame) {
            delivered = seq;
            List<Outbox> congested = hub.deliver(local, frame);
            if (!congested.isEmpty()) {
                askPublishersToPause(congested);
            }
            return congested;
        }

        /**
         * A member here is congested: the room's publishers on every node pause (see {@link #BUSY}) while it
         * still reads, as a publisher on a single node waits for it to drain.
         */
        private void askPublishersToPause(List<Outbox> congested) {
            long now = System.nanoTime();
            StatefulRedisConnection<String, String> current = connection;
            if (now - busySignalledNanos < BUSY_SIGNAL_INTERVAL_NANOS || current == null) {
                return;
            }
            if (anyStillReading(congested)) {
                busySignalledNanos = now;
                current.async().set(busyKey, node, SetArgs.Builder.px(BUSY.toMillis()));
            }
        }

        private void drainPending() {
            if (pending == null) {
                return;
            }
            while (!pending.isEmpty()) {
                long first = pending.firstKey();
                if (first > delivered + 1) {
                    return;
                }
                String text = pending.pollFirstEntry().getValue();
                if (first == delivered + 1) {
                    deliver(first, Frame.text(text));
                }
            }
        }

        private TreeMap<Long, String> pending() {
            if (pending == null) {
                pending = new TreeMap<>();
            }
            return pending;
        }

        /**
         * Takes {@code current} as the room's epoch. A change means the history was lost (Redis restarted
         * empty, keys expired): this node's members are closed 1012 so that each reconnects with its since and
         * epoch and learns from the welcome ({@code truncated}) that its history was reset.
         */
        private void adopt(String current) {
            if (current == null || current.equals(epoch)) {
                return;
            }
            if (epoch != null) {
                LOG.log(Level.INFO, "Room {0}: history reset (epoch {1} -> {2})", name, epoch, current);
                delivered = 0;
                pending = null;
                for (Peer member : local.memberList()) {
                    peers.evict(member, CloseReasons.HISTORY_RESET);
                }
            }
            epoch = current;
        }

        private List<StreamMessage<String, String>> range(long from, long to) {
            if (from > to) {
                return List.of();
            }
            try {
                return redis().xrange(logKey, Range.create(from + "-0", to + "-0"));
            } catch (RedisException | IllegalStateException e) {
                throw unavailable(e);
            }
        }

        synchronized boolean retireIfIdle(long nowNanos) {
            if (!retired && local.size() == 0 && nowNanos - emptySinceNanos >= EMPTY_ROOM_LINGER_NANOS) {
                retired = true;
            }
            return retired;
        }

        synchronized RoomState state(int members) {
            return new RoomState(name, delivered, members);
        }
    }

    private static final Object RETIRED = new Object();

    private static long seqOf(StreamMessage<String, String> entry) {
        String id = entry.getId();
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    @Override
    public Room join(Peer peer, String name, long since) {
        return join(peer, name, since, null);
    }

    @Override
    public Room join(Peer peer, String name, long since, String epoch) {
        while (true) {
            ClusterRoom room = rooms.computeIfAbsent(name, ClusterRoom::new);
            room.subscribe();
            Object joined = room.join(peer, since, epoch);
            if (joined != RETIRED) {
                return (Room) joined;
            }
            rooms.remove(name, room);
        }
    }

    @Override
    public Room room(String name) {
        ClusterRoom room = rooms.computeIfAbsent(name, ClusterRoom::new);
        room.subscribe();
        return room;
    }

    @Override
    public Outcome publish(Room target, String username, String text) {
        ClusterRoom room = (ClusterRoom) target;
        ChatMessage.Unnumbered message = ChatMessage.unnumbered(room.name, username, text, TIME.format(Instant.now()));
        List<Object> result;
        long started = System.nanoTime();
        try {
            result = run(Scripts.PUBLISH, room.publishKeys, newEpoch(), message.head(), message.tail(),
                    Integer.toString(historySize), idleSeconds, room.channel, room.name);
        } catch (BrokerUnavailableException e) {
            return Outcome.UNAVAILABLE;
        }
        publishLatency.record(System.nanoTime() - started);
        long seq = (Long) result.get(0);
        Outcome outcome = room.accepted((String) result.get(1), seq, message.numbered(seq));
        long busyMillis = (Long) result.get(2);
        return busyMillis > 0
                ? outcome.pausedFor(TimeUnit.MILLISECONDS.toNanos(Math.min(busyMillis, BUSY.toMillis()))) : outcome;
    }

    @Override
    public List<String> history(String name, long since) {
        ClusterRoom room = rooms.computeIfAbsent(name, ClusterRoom::new);
        List<Object> state = run(Scripts.TOUCH, new String[0], idleSeconds, name);
        long latest = (Long) state.get(0);
        if (latest <= since) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        for (StreamMessage<String, String> entry : room.range(Math.max(since + 1, latest - historySize + 1), latest)) {
            messages.add(entry.getBody().get("m"));
        }
        return messages;
    }

    @Override
    public RoomState describe(String name) {
        ClusterRoom room = rooms.get(name);
        if (room == null) {
            return null;
        }
        int total = 0;
        try {
            for (String count : redis().hvals(Keys.roomMembers(name))) {
                total += Integer.parseInt(count);
            }
        } catch (RedisException | IllegalStateException | BrokerUnavailableException e) {
            total = room.local.size(); // what this node knows
        }
        return room.state(total);
    }

    @Override
    public int rooms() {
        return registered ? clusterRooms : rooms.size();
    }

    // ---------------------------------------------------------------------------------------------- relay

    @Override
    public void enterRelay(Peer peer) {
        String left = ENCODER.encodeToJson(new PeerLeft(peer.id(), peer.user()));
        synchronized (relayLock) {
            List<Object> ids = run(Scripts.ENTER_RELAY, new String[] {Keys.RELAY, Keys.nodeRelay(node)}, peer.id(),
                    ENCODER.encodeToJson(new PeerJoined(peer.id(), peer.user())), left);
            List<String> others = new ArrayList<>(ids.size());
            for (Object id : ids.subList(1, ids.size())) {
                if (!peer.id().equals(id)) {
                    others.add((String) id);
                }
            }
            relayOrder.put(peer.id(), (Long) ids.get(0));
            others.sort(BY_ID);
            peer.outbox().offerExempt(Frame.text(ENCODER.encodeToJson(new RelayWelcome(peer.id(), peer.user(), others))));
            hub.addRelayPeer(peer);
            peer.membership(this::leaveRelay);
        }
    }

    private void leaveRelay(Peer peer) {
        boolean removed;
        synchronized (relayLock) {
            removed = hub.removeRelayPeer(peer);
            relayOrder.remove(peer.id());
        }
        if (removed) {
            String left = ENCODER.encodeToJson(new PeerLeft(peer.id(), peer.user()));
            Runnable leave = () -> run(Scripts.LEAVE_RELAY, new String[] {Keys.RELAY, Keys.nodeRelay(node)},
                    peer.id(), left);
            try {
                leave.run();
            } catch (BrokerUnavailableException e) {
                retries.add(leave);
            }
        }
    }

    @Override
    public Outcome sendDirect(String fromId, String fromUser, String toId, String text) {
        String frame = ENCODER.encodeToJson(new DirectMessage(fromId, fromUser, text));
        Peer here = hub.relayPeer(toId);
        if (here != null) {
            return hub.deliverTo(here, Frame.text(frame));
        }
        int dot = toId.lastIndexOf('.');
        if (dot <= 0 || toId.substring(0, dot).equals(node)) {
            return Outcome.UNKNOWN_RECIPIENT;
        }
        String target = toId.substring(0, dot);
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || closed) {
            return Outcome.UNAVAILABLE;
        }
        long request = lastRequest.incrementAndGet();
        CompletableFuture<Outcome> reply = new CompletableFuture<>();
        directs.put(request, reply);
        try {
            // the sender's reader waits once, for whichever answer comes first: the recipient node's ack, or
            // Redis saying that no node listens on that channel (no such node, any more)
            current.async().publish(Keys.nodeChannel(target), "D " + request + " " + node + " " + toId + " " + frame)
                    .whenComplete((receivers, failure) -> {
                        if (failure != null) {
                            reply.complete(Outcome.UNAVAILABLE);
                        } else if (receivers == 0) {
                            reply.complete(Outcome.UNKNOWN_RECIPIENT);
                        }
                    });
            return reply.get(DIRECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RedisException | IllegalStateException | TimeoutException | ExecutionException e) {
            return Outcome.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNAVAILABLE;
        } finally {
            directs.remove(request);
        }
    }

    @Override
    public int relayPeers() {
        return registered ? clusterRelayPeers : hub.relayPeers().size();
    }

    /** Relay ids in a stable order: by node, then by number. */
    private static final Comparator<String> BY_ID = (a, b) -> {
        int dotA = a.lastIndexOf('.');
        int dotB = b.lastIndexOf('.');
        int byNode = a.substring(0, Math.max(dotA, 0)).compareTo(b.substring(0, Math.max(dotB, 0)));
        if (byNode != 0) {
            return byNode;
        }
        String numberA = a.substring(dotA + 1);
        String numberB = b.substring(dotB + 1);
        return numberA.length() != numberB.length() ? Integer.compare(numberA.length(), numberB.length())
                : numberA.compareTo(numberB);
    };

    // ---------------------------------------------------------------------------------------------- pub/sub

    /** One message from pub/sub, on the dispatcher thread. */
    private void dispatch(String channel, String message) {
        try {
            if (channel.equals(Keys.RELAY_CHANNEL)) {
                relayNotice(message);
            } else if (channel.startsWith(Keys.NODE_CHANNEL_PREFIX)) {
                nodeMessage(message);
            } else if (channel.startsWith(Keys.ROOM_CHANNEL_PREFIX)) {
                roomMessage(channel.substring(Keys.ROOM_CHANNEL_PREFIX.length()), message);
            }
        } catch (RuntimeException e) {
            WARNINGS.warning("dispatch", () -> "Cluster message on " + channel + " failed: " + e);
        }
    }

    private void roomMessage(String name, String message) {
        ClusterRoom room = rooms.get(name);
        if (room == null) {
            return;
        }
        if (message.startsWith("C ")) {
            int epochEnd = message.indexOf(' ', 2);
            int seqEnd = message.indexOf(' ', epochEnd + 1);
            room.received(message.substring(2, epochEnd), Long.parseLong(message.substring(epochEnd + 1, seqEnd)),
                    message.substring(seqEnd + 1));
        } else if (message.startsWith("P ")) {
            int countEnd = message.indexOf(' ', 2);
            int members = Integer.parseInt(message.substring(2, countEnd < 0 ? message.length() : countEnd));
            Frame frame = Frame.text(ENCODER.encodeToJson(new Presence(name, members)));
            if (countEnd < 0) {
                hub.deliver(room.local, frame);
                return;
            }
            // a join: everyone but the joiner, whose welcome said it (as on a single node)
            String joiner = message.substring(countEnd + 1);
            for (Peer member : room.local.memberList()) {
                if (!member.id().equals(joiner)) {
                    hub.deliverTo(member, frame);
                }
            }
        }
    }

    /** A relay entry or departure ("J|L order id frame"): told to the local peers whose welcome came before it. */
    private void relayNotice(String message) {
        int orderEnd = message.indexOf(' ', 2);
        int idEnd = message.indexOf(' ', orderEnd + 1);
        long order = Long.parseLong(message.substring(2, orderEnd));
        String id = message.substring(orderEnd + 1, idEnd);
        Frame frame = Frame.text(message.substring(idEnd + 1));
        synchronized (relayLock) {
            for (Peer peer : hub.relayPeers()) {
                Long entered = relayOrder.get(peer.id());
                if (!peer.id().equals(id) && entered != null && entered < order) {
                    hub.deliverTo(peer, frame);
                }
            }
        }
    }

    private void nodeMessage(String message) {
        if (message.startsWith("D ")) {
            // D request origin to frame
            int requestEnd = message.indexOf(' ', 2);
            int originEnd = message.indexOf(' ', requestEnd + 1);
            int toEnd = message.indexOf(' ', originEnd + 1);
            String request = message.substring(2, requestEnd);
            String origin = message.substring(requestEnd + 1, originEnd);
            Peer recipient = hub.relayPeer(message.substring(originEnd + 1, toEnd));
            Outcome outcome = recipient == null ? Outcome.UNKNOWN_RECIPIENT
                    : hub.deliverTo(recipient, Frame.text(message.substring(toEnd + 1)));
            // busy: queued, but the recipient cannot keep up; its sender pauses, as on a single node
            String status = !outcome.delivered() ? "unknown" : anyStillReading(outcome.congested()) ? "busy" : "ok";
            StatefulRedisConnection<String, String> current = connection;
            if (current != null) {
                current.async().publish(Keys.nodeChannel(origin), "A " + request + " " + status);
            }
        } else if (message.startsWith("A ")) {
            int requestEnd = message.indexOf(' ', 2);
            CompletableFuture<Outcome> reply = directs.get(Long.parseLong(message.substring(2, requestEnd)));
            if (reply != null) {
                reply.complete(switch (message.substring(requestEnd + 1)) {
                    case "ok" -> Outcome.DELIVERED;
                    case "busy" -> DELIVERED_TO_A_BUSY_RECIPIENT;
                    default -> Outcome.UNKNOWN_RECIPIENT;
                });
            }
        }
    }

    /**
     * Whether one of these congested outboxes still makes progress: back-pressure waits for a client that reads
     * slowly, not for one that stopped (it overflows and is closed 1008).
     */
    private static boolean anyStillReading(List<Outbox> congested) {
        for (Outbox outbox : congested) {
            if (outbox.progressing()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------- tick

    /**
     * The heartbeat tick: connects if not connected, says this node is alive, removes dead nodes' members and
     * relay peers, keeps this node's rooms from expiring, delivers what pub/sub lost, and retires rooms without
     * members here.
     */
    @Override
    public void sweep(long nowNanos) {
        if (closed) {
            return;
        }
        try {
            connect();
            boolean first = !registered;
            if (first) {
                run(Scripts.REAP, new String[0], node, "self"); // what a previous run under this id left behind
            }
            List<Object> beat = run(Scripts.HEARTBEAT, new String[0], node, nodeTtlMillis, idleSeconds);
            liveNodes = ((Long) beat.get(1)).intValue();
            clusterRooms = ((Long) beat.get(2)).intValue();
            clusterRelayPeers = ((Long) beat.get(3)).intValue();
            registered = true;
            redisUp = true;
            if (!first && (Long) beat.get(0) == 1) {
                resyncNeeded = true; // Redis lost this node (restarted empty, or took it for dead)
            }
            for (int i = 4; i < beat.size(); i++) {
                String dead = (String) beat.get(i);
                if ((Long) run(Scripts.REAP, new String[0], dead, "dead").get(0) == 1) {
                    LOG.log(Level.INFO, "Node {0}: node {1} stopped answering; its clients are gone", node, dead);
                }
            }
            for (Runnable retry; (retry = retries.peek()) != null; ) {
                retry.run();
                retries.poll();
            }
            if (resyncNeeded) {
                resync();
            }
            checkRooms(nowNanos);
        } catch (BrokerUnavailableException | RedisException e) {
            redisUp = false;
        }
    }

    private void checkRooms(long nowNanos) {
        List<ClusterRoom> active = new ArrayList<>();
        for (ClusterRoom room : rooms.values()) {
            if (room.retireIfIdle(nowNanos)) {
                rooms.remove(room.name, room);
                hub.forget(room.local);
                unsubscribe(room);
            } else if (room.subscribed) {
                active.add(room);
            }
        }
        if (active.isEmpty()) {
            return;
        }
        String[] args = new String[active.size() + 1];
        String[] epochs = new String[active.size()];
        long[] delivered = new long[active.size()];
        args[0] = idleSeconds;
        for (int i = 0; i < active.size(); i++) {
            args[i + 1] = active.get(i).name;
            epochs[i] = active.get(i).epoch;
            delivered[i] = active.get(i).delivered; // before asking Redis: its seq can only be higher, unless rolled back
        }
        List<Object> states = run(Scripts.TOUCH, new String[0], args);
        for (int i = 0; i < active.size(); i++) {
            active.get(i).checked((Long) states.get(2 * i), (String) states.get(2 * i + 1), epochs[i],
                    delivered[i]);
        }
    }

    private void unsubscribe(ClusterRoom room) {
        try {
            pubsub().async().unsubscribe(room.channel);
        } catch (RedisException | BrokerUnavailableException e) {
            // gone with the connection anyway
        }
    }

    /** Writes this node's members and relay peers back into Redis, after Redis lost them. */
    private void resync() {
        resyncNeeded = false;
        try {
            for (ClusterRoom room : rooms.values()) {
                room.resync();
            }
            synchronized (relayLock) {
                for (Peer peer : hub.relayPeers()) {
                    run(Scripts.ENTER_RELAY, new String[] {Keys.RELAY, Keys.nodeRelay(node)},
                            peer.id(), ENCODER.encodeToJson(new PeerJoined(peer.id(), peer.user())),
                            ENCODER.encodeToJson(new PeerLeft(peer.id(), peer.user())));
                    relayOrder.put(peer.id(), 0L); // the new Redis counts from 1: told of every change from now on
                }
            }
        } catch (BrokerUnavailableException e) {
            resyncNeeded = true;
            throw e;
        }
    }

    /** Messages delivered from history because pub/sub did not bring them. */
    public long gapMessagesFilled() {
        return gapMessagesFilled.sum();
    }

    /** {@code since} recoveries that replayed everything asked for. */
    public long recoveriesReplayed() {
        return recoveriesReplayed.sum();
    }

    /** {@code since} recoveries told {@code truncated} (history lost or trimmed). */
    public long recoveriesTruncated() {
        return recoveriesTruncated.sum();
    }

    /** Publish script durations. */
    public DurationHistogram publishLatency() {
        return publishLatency;
    }

    @Override
    public ClusterStatus cluster() {
        return new ClusterStatus(liveNodes, redisUp ? "up" : "down");
    }

    /** Whether this node reaches Redis (as of its last tick or command). */
    public boolean redisUp() {
        return redisUp;
    }

    // ---------------------------------------------------------------------------------------------- Redis

    private void connect() {
        if (connection != null && pubsub != null) {
            return;
        }
        synchronized (connectLock) {
            try {
                if (connection == null) {
                    connection = client.connect();
                }
                if (pubsub == null) {
                    StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                    subscriber.addListener(listener);
                    subscriber.sync().subscribe(Keys.RELAY_CHANNEL, Keys.nodeChannel(node));
                    pubsub = subscriber;
                }
            } catch (RedisException | IllegalStateException e) {
                throw unavailable(e);
            }
        }
    }

    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || closed) {
            throw new BrokerUnavailableException("not connected to Redis", null);
        }
        return current.sync();
    }

    private StatefulRedisPubSubConnection<String, String> pubsub() {
        StatefulRedisPubSubConnection<String, String> current = pubsub;
        if (current == null) {
            throw new BrokerUnavailableException("not connected to Redis", null);
        }
        return current;
    }

    /** Runs a script (EVALSHA, or EVAL when Redis does not have it); any failure is {@code unavailable}. */
    List<Object> run(Scripts.Script script, String[] keys, String... args) {
        RedisCommands<String, String> redis = redis();
        try {
            try {
                return redis.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.eval(script.text(), ScriptOutputType.MULTI, keys, args);
            }
        } catch (RedisException | IllegalStateException e) {
            throw unavailable(e); // IllegalStateException: the client is shutting down
        }
    }

    private BrokerUnavailableException unavailable(RuntimeException cause) {
        redisUp = false;
        return new BrokerUnavailableException("Redis cannot be reached: " + cause.getMessage(), cause);
    }

    private static String newEpoch() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    private static String redacted(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    /** Says goodbye (the others drop this node's members and relay peers at once) and closes the client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection != null && connection.isOpen()) {
                run(Scripts.REAP, new String[0], node, "self");
            }
        } catch (BrokerUnavailableException e) {
            // the others notice within nodeTtlSeconds
        }
        shutdownClient();
    }

    /** Stops without a goodbye, as a crashed node would (tests: the others must notice by its silence). */
    void halt() {
        closed = true;
        shutdownClient();
    }

    private void shutdownClient() {
        dispatcher.shutdownNow();
        try {
            if (pubsub != null) {
                pubsub.close();
            }
            if (connection != null) {
                connection.close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Closing the Redis connections failed: " + e);
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        for (CompletableFuture<Outcome> reply : directs.values()) {
            reply.complete(Outcome.UNAVAILABLE);
        }
        dispatcherThread.awaitEnd(Duration.ofSeconds(2)); // interrupted above; a delivery in progress finishes
        for (OwnThreads threads : clientThreads) {
            threads.awaitEnd(OwnThreads.AFTER_TERMINATION); // their pools have shut down
        }
    }
}
