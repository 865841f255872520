package io.switchboard.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * {@code broadcast-paced}: subscribers in one room, one publisher at a fixed rate (1000 messages/s to 100
 * subscribers = 100,000 deliveries/s offered); {@code broadcast-paced-200} is the same at 200 messages/s
 * (20,000 deliveries/s, a busy chat room rather than a saturated one). Per-delivery latency from the send time in the text, loss and
 * order per subscriber. CPU and throughput over the measured part; the warm-up messages still count for loss.
 */
final class PacedBroadcast {
    private final Run run;
    private final String scenario;
    private final int rate;
    private final double warmup;
    private final double duration;

    PacedBroadcast(Run run, String scenario, int rate) {
        this(run, scenario, rate, run.settings.warmup, run.settings.duration);
    }

    private PacedBroadcast(Run run, String scenario, int rate, double warmup, double duration) {
        this.run = run;
        this.scenario = scenario;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
    }

    /** Unmeasured load, to warm the server's JIT up on the broadcast path (the cluster variant's Redis path). */
    static void warm(Run run, Target target, int rate, double seconds) throws Exception {
        new PacedBroadcast(run, "warm-up", rate, seconds, 0.1).run(target);
    }

    Result run(Target target) throws Exception {
        Settings s = run.settings;
        int warmupCount = (int) Math.round(rate * warmup);
        int measuredCount = Math.max(1, (int) Math.round(rate * duration));
        int total = warmupCount + measuredCount;
        Room room = new Room(run, target, "paced" + rate, s.pacedSubscribers, total);
        room.firstTimed = warmupCount + 1;
        room.lastTimed = total;
        Result r = new Result(scenario, rate + " msg/s", target.name());
        try {
            room.open(s.pacedSubscribers);
            r.put("offeredDeliveriesPerSecond", (long) rate * room.subscribers.size());
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime() + 20_000_000L;
            ServerProbe.Mark a = null;
            long deliveredAtA = 0;
            long lateSends = 0;
            for (int i = 1; i <= total; i++) {
                long due = start + (i - 1) * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() - due > 1_000_000L) {
                    lateSends++;
                }
                if (i == warmupCount + 1) {
                    deliveredAtA = room.delivered();
                    a = target.probe().mark();
                }
                room.publisher.send(Room.frame(i));
            }
            ServerProbe.Mark b = target.probe().mark();
            long deliveredAtB = room.delivered();
            boolean complete = room.awaitDelivery(Math.min(10, s.stallTimeout), 60);
            Window w = Window.between(a, b);
            long deliveries = deliveredAtB - deliveredAtA;
            r.put("deliveries", deliveries).put("deliveriesPerSecond", Math.round(deliveries / w.seconds()));
            r.latency("latency", Samples.summarize(room.subscribers));
            r.put("allDelivered", complete);
            room.tally(r);
            r.put("publisherSendsLateOver1ms", lateSends);
            r.window(w, deliveries);
            if (!Double.isNaN(w.redisCpu())) { // Redis works per published message, whatever the room's size
                r.put("published", measuredCount).put("redisCpuMicrosPerPublished", Result.round(
                        w.redisMicrosPer(measuredCount), 2));
            }
        } finally {
            room.close();
        }
        return r;
    }
}
