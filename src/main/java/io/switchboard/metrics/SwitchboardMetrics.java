package io.switchboard.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.switchboard.broker.Broker;
import io.switchboard.health.HealthChecks;
import io.switchboard.hub.Counters;
import io.switchboard.hub.DurationHistogram;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Peers;
import io.switchboard.security.HandshakeRefusals;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The Prometheus metrics of one running Switchboard, in a registry of its own (two instances in one JVM do not
 * mix). Nothing here is on the message path: the application counts with its own {@code LongAdder}s and
 * atomics ({@link Counters}, {@link HandshakeRefusals}, {@link DurationHistogram}) and every metric reads them
 * through a callback when Prometheus scrapes. Names follow the Prometheus conventions: {@code switchboard_}
 * prefix, base units (seconds), {@code _total} on counters, labels of a few fixed values only (never a room or a
 * user). More metrics (the cluster broker's) are one call each: {@link #counter}, {@link #gauge}, {@link #histogram}.
 */
public final class SwitchboardMetrics {
    /** The content type of {@link #scrape}: Prometheus text exposition 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** The parts whose state is exported, as the composition root built them. */
    public SwitchboardMetrics(Peers peers, Broker broker, HandshakeRefusals refusals, DurationHistogram fanOut,
            HealthChecks health) {
        Counters counters = peers.counters();
        GaugeWithCallback.builder().name("switchboard_sessions")
                .help("Open WebSocket sessions, by endpoint")
                .labelNames("endpoint")
                .callback(callback -> {
                    for (EndpointKind kind : EndpointKind.values()) {
                        callback.call(counters.open(kind), kind.label());
                    }
                })
                .register(registry);
        counter("switchboard_messages_received", "Messages accepted from clients (after the size and rate limits)",
                counters::messagesIn);
        counter("switchboard_messages_sent", "Messages written to clients", counters::messagesOut);
        CounterWithCallback.builder().name("switchboard_closes")
                .help("Sessions the server closed, by reason")
                .labelNames("reason")
                .callback(callback -> counters.closesByReason()
                        .forEach((reason, count) -> callback.call(count, reason)))
                .register(registry);
        CounterWithCallback.builder().name("switchboard_handshake_refusals")
                .help("WebSocket handshakes refused before the upgrade, by HTTP status")
                .labelNames("status")
                .callback(callback -> refusals.byStatus()
                        .forEach((status, count) -> callback.call(count, Integer.toString(status))))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_send_queue_max_messages")
                .help("Messages queued for the client with the longest outbound queue")
                .callback(callback -> callback.call(peers.queueDepths().max()))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_send_queue_messages")
                .help("Messages queued for all clients together")
                .callback(callback -> callback.call(peers.queueDepths().total()))
                .register(registry);
        histogram("switchboard_broadcast_fanout_seconds",
                "Time to number, store and queue one chat message for every member of its room on this node", fanOut);
        gauge("switchboard_rooms", "Chat rooms that exist", broker::rooms);
        gauge("switchboard_relay_clients", "Relay clients reachable by id", broker::relayPeers);
        GaugeWithCallback.builder().name("switchboard_health_check_up")
                .help("Readiness checks: 1 up, 0 down")
                .labelNames("check")
                .callback(callback -> health.states()
                        .forEach((check, up) -> callback.call(up ? 1 : 0, check)))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Adds a counter read from {@code total} at scrape time; {@code name} without {@code _total}. */
    public void counter(String name, String help, LongSupplier total) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(total.getAsLong()))
                .register(registry);
    }

    /** Adds a gauge read from {@code value} at scrape time. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** Adds a histogram of durations read from {@code durations} at scrape time; {@code name} ends in {@code _seconds}. */
    public void histogram(String name, String help, DurationHistogram durations) {
        double[] bounds = new double[DurationHistogram.BOUNDS_SECONDS.length + 1];
        System.arraycopy(DurationHistogram.BOUNDS_SECONDS, 0, bounds, 0, DurationHistogram.BOUNDS_SECONDS.length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        Collector collector = () -> {
            DurationHistogram.Snapshot snapshot = durations.snapshot();
            long[] cumulative = snapshot.cumulativeCounts();
            long[] perBucket = new long[cumulative.length];
            for (int i = 0; i < cumulative.length; i++) {
                perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            }
            return HistogramSnapshot.builder().name(name).unit(Unit.SECONDS).help(help)
                    .dataPoint(HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket))
                            .sum(snapshot.sumSeconds())
                            .build())
                    .build();
        };
        collector.collect(); // a bad name fails here, not at the first scrape
        registry.register(collector);
    }

    /** The registry, for metrics registered by other parts. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Writes every metric now, as Prometheus text ({@link #CONTENT_TYPE}). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
