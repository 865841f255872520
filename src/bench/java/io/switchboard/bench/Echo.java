package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code echo}: connections each keeping a fixed number of messages in flight; every echo that comes back
 * is timed (the send time is the message's first field) and answered with the next message.
 *
 * <p>Switchboard and the baseline are measured in alternating rounds (by default two of 5 s each, so 10 s
 * each in all): load from other processes that comes and goes, and the JIT still compiling, then weigh on
 * both sides of the ratio alike.
 */
final class Echo {
    /** One target's figures, summed over its rounds. */
    static final class Tally {
        long trips;
        double seconds;
        double serverCpu;
        double clientCpu;
        double redisCpu;
        double otherCpu;
        final List<Conn> conns = new ArrayList<>();
        int connections;
        int connectFailures;
        String firstError;
        long closed;

        void add(Window w) {
            seconds += w.seconds();
            serverCpu += w.serverCpu();
            clientCpu += w.clientCpu();
            redisCpu += w.redisCpu();
            otherCpu += w.otherCpu();
        }
    }

    private final Run run;
    private final int size;
    private final String filler;
    private volatile boolean running = true;
    private volatile boolean measuring;

    private Echo(Run run, int size) {
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

    /** Unmeasured load, to warm the server's JIT up. */
    static void warm(Run run, Target target, double seconds) throws Exception {
        new Echo(run, 64).round(target, seconds, 0, new Tally());
    }

    /** Both targets ({@code second} may be null) in alternating rounds; one result per target. */
    static List<Result> run(Run run, int size, Target first, Target second) throws Exception {
        Settings s = run.settings;
        int rounds = Math.max(1, s.echoRounds);
        Tally sb = new Tally();
        Tally base = new Tally();
        for (int i = 0; i < rounds; i++) {
            double warmup = i == 0 ? s.warmup : Math.min(1, s.warmup);
            new Echo(run, size).round(first, warmup, s.duration / rounds, sb);
            if (second != null) {
                new Echo(run, size).round(second, warmup, s.duration / rounds, base);
            }
        }
        List<Result> out = new ArrayList<>();
        out.add(result(run, size, first, sb, rounds));
        if (second != null) {
            out.add(result(run, size, second, base, rounds));
        }
        return out;
    }

    private void round(Target target, double warmup, double duration, Tally t) throws Exception {
        Settings s = run.settings;
        Clients.Opened opened = run.clients.open(i -> target.uri(i, "/echo"), s.echoConnections, 50, i -> new Conn(i, this::onEcho));
        List<Conn> conns = opened.conns();
        t.connections = Math.max(t.connections, conns.size());
        t.connectFailures += opened.failed();
        if (t.firstError == null) {
            t.firstError = opened.firstError();
        }
        for (Conn c : conns) {
            for (int k = 0; k < s.echoInFlight; k++) {
                c.send(payload());
            }
        }
        Run.sleepSeconds(warmup);
        if (duration > 0) {
            for (Conn c : conns) {
                c.samples.clear();
            }
            measuring = true;
            long before = hits(conns);
            ServerProbe.Mark a = target.probe().mark();
            Run.sleepSeconds(duration);
            ServerProbe.Mark b = target.probe().mark();
            long after = hits(conns);
            measuring = false;
            t.trips += after - before;
            t.add(Window.between(a, b));
            t.closed += conns.stream().filter(Conn::isClosed).count();
            t.conns.addAll(conns);
        }
        running = false;
        Thread.sleep(200);
        Clients.closeAll(conns, 5000);
    }

    private static Result result(Run run, int size, Target target, Tally t, int rounds) {
        Settings s = run.settings;
        Result r = new Result("echo", size >= 1024 ? (size / 1024) + " KiB" : size + " B", target.name());
        r.put("connections", t.connections).put("inFlightPerConnection", s.echoInFlight).put("messageBytes", size);
        r.put("rounds", rounds);
        if (t.connectFailures > 0) {
            r.put("connectFailures", t.connectFailures).put("firstError", t.firstError);
        }
        r.put("roundTrips", t.trips).put("roundTripsPerSecond", Math.round(t.trips / t.seconds));
        r.latency("latency", Samples.summarize(t.conns));
        r.window(new Window(t.seconds, t.serverCpu, t.clientCpu, t.redisCpu, t.otherCpu), t.trips);
        r.put("closedDuringRun", t.closed);
        Conn.putErrors(r, t.conns);
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
