package io.switchboard.bench;

import java.net.URI;
import java.util.List;

/**
 * {@code echo}: connections each keeping a fixed number of messages in flight; every echo that comes back
 * is timed (the send time is the message's first field) and answered with the next message.
 */
final class Echo {
    private final Run run;
    private final int size;
    private final String filler;
    private volatile boolean running = true;
    private volatile boolean measuring;

    Echo(Run run, int size) {
        this.run = run;
        this.size = size;
        this.filler = "x".repeat(size);
    }

    String payload() {
        String stamp = Long.toString(Run.now());
        int pad = Math.max(0, size - stamp.length() - 1);
        return stamp + ' ' + filler.substring(0, pad);
    }

    private void onEcho(Conn c, Msg m) {
        if (m.length == 0 || m.bytes[m.offset] < '0' || m.bytes[m.offset] > '9') {
            c.isError(m); // not our message back (a rate-limit error, say): counted, and the slot is reused
        } else if (measuring) {
            c.samples.add(Run.now() - m.parseLong(0));
            c.hits++;
        }
        if (running) {
            c.send(payload());
        }
    }

    Result run(boolean baseline) throws Exception {
        return run(baseline, run.settings.warmup, run.settings.duration);
    }

    Result run(boolean baseline, double warmup, double duration) throws Exception {
        Settings s = run.settings;
        URI uri = URI.create(s.wsBase(baseline) + "/echo");
        Clients.Opened opened = run.clients.open(uri, s.echoConnections, 50, i -> new Conn(i, this::onEcho));
        List<Conn> conns = opened.conns();
        Result r = new Result("echo", size >= 1024 ? (size / 1024) + " KiB" : size + " B",
                baseline ? "baseline" : "switchboard");
        r.put("connections", conns.size()).put("inFlightPerConnection", s.echoInFlight).put("messageBytes", size);
        if (opened.failed() > 0) {
            r.put("connectFailures", opened.failed()).put("firstError", opened.firstError());
        }
        for (Conn c : conns) {
            for (int k = 0; k < s.echoInFlight; k++) {
                c.send(payload());
            }
        }
        Run.sleepSeconds(warmup);
        for (Conn c : conns) {
            c.samples.clear();
        }
        measuring = true;
        long before = hits(conns);
        ServerProbe.Mark a = run.probe.mark();
        Run.sleepSeconds(duration);
        ServerProbe.Mark b = run.probe.mark();
        long after = hits(conns);
        measuring = false;
        running = false;
        Window w = Window.between(a, b);
        long trips = after - before;
        r.put("roundTrips", trips).put("roundTripsPerSecond", Math.round(trips / w.seconds()));
        r.latency("latency", Samples.summarize(conns));
        r.window(w, trips);
        r.put("closedDuringRun", conns.stream().filter(Conn::isClosed).count());
        Conn.putErrors(r, conns);
        Thread.sleep(200);
        Clients.closeAll(conns, 5000);
        return r;
    }

    static long hits(List<Conn> conns) {
        long n = 0;
        for (Conn c : conns) {
            n += c.hits;
        }
        return n;
    }
}
