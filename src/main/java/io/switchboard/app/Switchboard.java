package io.switchboard.app;

import io.switchboard.broker.Broker;
import io.switchboard.broker.MemoryBroker;
import io.switchboard.cluster.RedisBroker;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.endpoint.Services;
import io.switchboard.health.HealthChecks;
import io.switchboard.hub.Counters;
import io.switchboard.hub.DurationHistogram;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Peers;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.outbox.Writers;
import io.switchboard.security.HandshakeRefusals;
import io.switchboard.security.ConnectionLimits;
import io.switchboard.security.OriginPolicy;
import io.switchboard.security.TokenVerifier;
import io.switchboard.threads.OwnThreads;
import io.switchboard.web.StatusReport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds every part of one running Switchboard once (configuration, security, writers,
 * peers, hub, broker, heartbeat clock) and hands them to endpoints, filters and servlets through
 * {@link Routes}. Nothing reaches it through a static lookup, so two instances run side by side in one JVM
 * (two nodes in one test). Started by the web listener, or by a test.
 */
public final class Switchboard {
    private static final Logger LOG = System.getLogger(Switchboard.class.getName());
    /** The heartbeat tick: each session is pinged on its own schedule, checked once a second. */
    public static final Duration TICK = Duration.ofSeconds(1);

    /**
     * Instances whose heartbeat the EJB timer drives. The EJB container creates the timer bean itself and cannot
     * be handed a reference; this set is its only way in, and nothing else reads it.
     */
    private static final Set<Switchboard> EJB_DRIVEN = ConcurrentHashMap.newKeySet();

    private final SwitchboardConfig config;
    private final OriginPolicy originPolicy;
    private final TokenVerifier tokenVerifier;
    private final ConnectionLimits connectionLimits;
    private final Writers writers;
    private final Peers peers;
    private final Hub hub;
    private final Broker broker;
    private final HandshakeRefusals handshakeRefusals = new HandshakeRefusals();
    private final DurationHistogram fanOut = new DurationHistogram();
    private final HealthChecks readiness = new HealthChecks();
    /** Null when {@code switchboard.metrics.enabled=false}. */
    private final SwitchboardMetrics metrics;
    /** Set once everything is registered with the container and requests can be served. */
    private volatile boolean serving;
    private final Services services;
    private final SchedulerKind scheduler;
    private final Instant started = Instant.now();
    private final ScheduledExecutorService ticker;
    private final OwnThreads tickerThread = OwnThreads.named("switchboard-heartbeat");
    private volatile boolean stopping;

    private Switchboard(SwitchboardConfig config, SchedulerKind scheduler) {
        this.config = config;
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.tokenVerifier = config.auth().enabled() ? new TokenVerifier(config.auth()) : null;
        this.connectionLimits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerAddress());
        this.writers = new Writers("switchboard-writer", config.writerThreads());
        // in a cluster, ids carry the node's id so that they never collide across nodes
        this.peers = new Peers(config.sendQueueMax(), config.heartbeatInterval(), config.heartbeatMaxMissed(),
                connectionLimits, writers, config.clustered() ? config.nodeId() + "." : "");
        this.hub = new Hub();
        this.broker = config.clustered() ? RedisBroker.start(config, hub, peers)
                : new MemoryBroker(hub, config.historySize(), config.maxRooms(), config.roomIdle(), fanOut);
        // Readiness: one line per check; in cluster mode the node is ready only while it reaches Redis.
        readiness.add("started", () -> serving).add("accepting", () -> !stopping);
        if (config.clustered()) {
            readiness.add("redis", () -> "up".equals(broker.cluster().redis()));
        }
        this.metrics = config.metricsEnabled()
                ? new SwitchboardMetrics(peers, broker, handshakeRefusals, fanOut, readiness) : null;
        if (metrics != null && broker instanceof RedisBroker redis) {
            metrics.gauge("switchboard_cluster_nodes", "Nodes of the cluster alive now", () -> broker.cluster().nodes());
            metrics.counter("switchboard_cluster_gap_messages_filled",
                    "Messages delivered from history because pub/sub did not bring them", redis::gapMessagesFilled);
            metrics.counter("switchboard_cluster_recoveries_replayed",
                    "since recoveries that replayed everything asked for", redis::recoveriesReplayed);
            metrics.counter("switchboard_cluster_recoveries_truncated",
                    "since recoveries told truncated (history lost or trimmed)", redis::recoveriesTruncated);
            metrics.histogram("switchboard_broker_publish_seconds",
                    "Time to number, store and announce one chat message in Redis", redis.publishLatency());
        }
        this.services = new Services(config, peers, broker, tokenVerifier != null);
        this.scheduler = scheduler;
        this.ticker = scheduler == SchedulerKind.EXECUTOR ? startTicker() : null;
        if (scheduler == SchedulerKind.EJB) {
            EJB_DRIVEN.add(this);
        }
    }

    /** Builds and starts an instance with the given heartbeat clock; the EJB timer drives {@link #tick} itself. */
    public static Switchboard start(SwitchboardConfig config, SchedulerKind scheduler) {
        Switchboard app = new Switchboard(config, scheduler);
        LOG.log(Level.INFO, "Switchboard started: heartbeat every {0} s, scheduler {1}, {2} writer threads, {3}",
                config.heartbeatInterval().toSeconds(), scheduler.label(), config.writerThreads(),
                config.clustered() ? "cluster node " + config.nodeId() : "single node");
        return app;
    }

    /** One tick of the EJB timer, for every instance it drives. */
    static void ejbTick() {
        for (Switchboard app : EJB_DRIVEN) {
            app.tick(SchedulerKind.EJB);
        }
    }

    /**
     * One heartbeat tick from {@code source}, if this instance is not stopping and uses that clock: what both
     * clocks call, so exactly one of them drives the heartbeat even where both exist.
     */
    public void tick(SchedulerKind source) {
        if (!stopping && scheduler == source) {
            long now = System.nanoTime();
            peers.heartbeat(now);
            broker.sweep(now);
        }
    }

    public SwitchboardConfig config() {
        return config;
    }

    /** What endpoints are given. */
    public Services services() {
        return services;
    }

    public Peers peers() {
        return peers;
    }

    public Broker broker() {
        return broker;
    }

    public Hub hub() {
        return hub;
    }

    public Writers writers() {
        return writers;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** The JWT checker, or null when authentication is off. */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /** Called when the endpoints, filters and servlets are registered: from now on this node is ready. */
    void serving() {
        serving = true;
    }

    /** Where the handshake filter counts its refusals. */
    public HandshakeRefusals handshakeRefusals() {
        return handshakeRefusals;
    }

    /** The readiness checks ({@code /health/ready}); parts that can be down add theirs. */
    public HealthChecks readiness() {
        return readiness;
    }

    /** The Prometheus metrics, or null when {@code switchboard.metrics.enabled=false}. */
    public SwitchboardMetrics metrics() {
        return metrics;
    }

    public SchedulerKind scheduler() {
        return scheduler;
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }

    /** The body of {@code GET /status}. */
    public StatusReport status() {
        Counters counters = peers.counters();
        Map<String, Integer> sessions = new LinkedHashMap<>();
        for (EndpointKind kind : EndpointKind.values()) {
            sessions.put(kind.label(), counters.open(kind));
        }
        return new StatusReport(sessions, broker.relayPeers(), broker.rooms(),
                counters.messagesIn(), counters.messagesOut(), counters.slowConsumerCloses(),
                counters.heartbeatCloses(), scheduler.label(), config.heartbeatInterval().toSeconds(),
                tokenVerifier != null, uptime().toSeconds(), config.nodeId(), broker.cluster());
    }

    /** Graceful shutdown: stop the heartbeat clock, then close every session with 1001, then the writers. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        EJB_DRIVEN.remove(this);
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tickerThread.awaitEnd(OwnThreads.AFTER_TERMINATION);
        }
        peers.shutdown();
        broker.close();
        writers.close();
        LOG.log(Level.INFO, "Switchboard stopped");
    }

    private ScheduledExecutorService startTicker() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(tickerThread);
        executor.scheduleAtFixedRate(this::executorTick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    private void executorTick() {
        try {
            tick(SchedulerKind.EXECUTOR);
        } catch (RuntimeException e) {
            // a failed tick must not cancel the schedule
            LOG.log(Level.WARNING, "Heartbeat tick failed", e);
        }
    }
}
