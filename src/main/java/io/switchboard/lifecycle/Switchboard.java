package io.switchboard.lifecycle;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.security.OriginPolicy;
import io.switchboard.security.TokenVerifier;
import io.switchboard.session.Registry;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running application: its configuration, its registry and its heartbeat clock. Endpoints are created by
 * the container without injection (Tomcat has no CDI), so they reach it through {@link #current()}; the web
 * listener (or a test) starts and stops it.
 */
public final class Switchboard {
    private static final Logger LOG = System.getLogger(Switchboard.class.getName());
    /** The heartbeat tick: each session is pinged on its own schedule, checked once a second. */
    public static final Duration TICK = Duration.ofSeconds(1);

    private static volatile Switchboard current;

    private final SwitchboardConfig config;
    private final Registry registry;
    private final OriginPolicy originPolicy;
    private final TokenVerifier tokenVerifier;
    private final SchedulerKind scheduler;
    private final Instant started = Instant.now();
    private final ScheduledExecutorService ticker;
    private volatile boolean stopping;

    private Switchboard(SwitchboardConfig config, SchedulerKind scheduler) {
        this.config = config;
        this.registry = new Registry(config);
        this.originPolicy = new OriginPolicy(config.allowedOrigins());
        this.tokenVerifier = config.auth().enabled() ? new TokenVerifier(config.auth()) : null;
        this.scheduler = scheduler;
        this.ticker = scheduler == SchedulerKind.EXECUTOR ? startTicker() : null;
    }

    /** Starts the application with the given heartbeat clock; the EJB timer drives {@link #tick} itself. */
    public static synchronized Switchboard start(SwitchboardConfig config, SchedulerKind scheduler) {
        if (current != null) {
            current.stop();
        }
        current = new Switchboard(config, scheduler);
        LOG.log(Level.INFO, "Switchboard started: heartbeat every {0} s, scheduler {1}",
                config.heartbeatInterval().toSeconds(), scheduler.label());
        return current;
    }

    /** The running application. */
    public static Switchboard current() {
        Switchboard app = current;
        if (app == null) {
            throw new IllegalStateException("Switchboard is not started");
        }
        return app;
    }

    /**
     * One heartbeat tick from {@code source}, if the application runs, is not stopping and uses that clock:
     * what both schedulers call, so exactly one of them drives the heartbeat even where both exist.
     */
    public static void tick(SchedulerKind source) {
        Switchboard app = current;
        if (app != null && !app.stopping && app.scheduler == source) {
            app.registry.heartbeat(System.nanoTime());
        }
    }

    public SwitchboardConfig config() {
        return config;
    }

    public Registry registry() {
        return registry;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** The JWT checker, or null when authentication is off. */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    public SchedulerKind scheduler() {
        return scheduler;
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }

    /** Graceful shutdown: stop the heartbeat clock, then close every session with 1001. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.shutdown();
        if (current == this) {
            current = null;
        }
        LOG.log(Level.INFO, "Switchboard stopped");
    }

    private static ScheduledExecutorService startTicker() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(Switchboard::executorTick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    private static void executorTick() {
        try {
            tick(SchedulerKind.EXECUTOR);
        } catch (RuntimeException e) {
            // a failed tick must not cancel the schedule
            LOG.log(Level.WARNING, "Heartbeat tick failed", e);
        }
    }
}
