package io.switchboard.bench;

/**
 * {@code broadcast-burst}: subscribers that all keep reading, one publisher sending as fast as the server lets
 * it (each send waits until the client has written it, so the server's back-pressure reaches the publisher).
 * Time until every subscriber has every message, loss, order, and subscribers closed.
 */
final class BurstBroadcast {
    private final Run run;

    BurstBroadcast(Run run) {
        this.run = run;
    }

    Result run(Target target) throws Exception {
        Settings s = run.settings;
        int total = s.burstMessages;
        Room room = new Room(run, target, "burst", s.burstSubscribers, total);
        room.firstTimed = 1;
        room.lastTimed = total;
        Result r = new Result("broadcast-burst", total + " msgs", target.name());
        try {
            room.open(s.burstSubscribers);
            ServerProbe.Mark a = target.probe().mark();
            long t0 = Run.now();
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 1; i <= total && !room.publisher.isClosed(); i++) {
                        room.publisher.sendAndWait(Room.frame(i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-burst-publisher");
            publisher.start();
            publisher.join((long) (s.burstTimeout * 1000));
            long sentAt = Run.now();
            boolean complete = room.awaitDelivery(s.stallTimeout, Math.max(1, s.burstTimeout - (sentAt - t0) / 1e9));
            long end = Run.now();
            ServerProbe.Mark b = target.probe().mark();
            long lastCompletion = 0;
            for (Conn c : room.subscribers) {
                lastCompletion = Math.max(lastCompletion, ((Room.Tally) c.state).completedAt);
            }
            long deliveries = room.delivered();
            double allSeconds = ((complete ? lastCompletion : end) - t0) / 1e9;
            r.put("allDelivered", complete);
            long ownBack = ((Room.Tally) room.publisher.state).completedAt;
            r.put("publisherWriteSeconds", Result.round((sentAt - t0) / 1e9, 3));
            r.put("publisherOwnCopiesBackSeconds", ownBack == 0 ? null : Result.round((ownBack - t0) / 1e9, 3));
            r.put("secondsUntilAllHaveAll", complete ? Result.round(allSeconds, 3) : null);
            r.put("deliveries", deliveries).put("deliveriesPerSecond", Math.round(deliveries / allSeconds));
            r.latency("latency", Samples.summarize(room.subscribers));
            room.tally(r);
            r.window(Window.between(a, b), deliveries);
        } finally {
            room.close();
        }
        return r;
    }
}
