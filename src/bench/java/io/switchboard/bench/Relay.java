package io.switchboard.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code relay}: pairs of relay clients, each keeping a fixed number of direct messages in flight to its
 * partner: when a message arrives, the partner that sent it sends the next one. Messages per second delivered
 * (each is one frame in and one frame out of the server, like one echo round trip) and one-way latency.
 *
 * <p>Both targets get the same frames: the tutorial's plain {@code id:text} form (Switchboard accepts it beside
 * its JSON form, the baseline relay only takes it), and both answer with
 * {@code {"type":"message","from":"7","text":"..."}} after a {@code {"type":"welcome","id":"7",...}}.
 */
final class Relay {
    private static final String PAD = "-".repeat(16);

    private final Run run;
    private volatile boolean running = true;
    private volatile boolean measuring;
    private List<Conn> conns;
    private final CountDownLatch welcomes;
    private final double warmup;
    private final double duration;

    Relay(Run run) {
        this(run, run.settings.warmup, run.settings.duration);
    }

    private Relay(Run run, double warmup, double duration) {
        this.run = run;
        this.welcomes = new CountDownLatch(run.settings.relayPairs * 2);
        this.warmup = warmup;
        this.duration = duration;
    }

    /** Unmeasured load, to warm the server's JIT up on the relay path (between nodes in the cluster variant). */
    static void warm(Run run, Target target, double seconds) throws Exception {
        new Relay(run, seconds, 0.1).run(target);
    }

    /** The form of the frames sent, for the report. */
    static final String FORM = "id:text";

    /** A direct message to {@code to}, in the plain {@code id:text} form. */
    static String message(String to) {
        return to + ":r|" + Run.now() + "|" + PAD;
    }

    private static final byte[] WELCOME = Msg.pattern("\"welcome\"");
    private static final byte[] ID = Msg.pattern("\"id\":\"");
    private static final byte[] MARK = Msg.pattern("r|");
    private static final byte[] MESSAGE = Msg.pattern("\"message\"");

    private void onFrame(Conn c, Msg m) {
        if (c.id == null) {
            if (m.contains(WELCOME)) {
                int at = m.indexOf(ID) + ID.length;
                c.id = m.ascii(at, m.indexOf('"', at));
                welcomes.countDown();
            }
            return;
        }
        int at = m.indexOf(MARK);
        if (at < 0 || !m.contains(MESSAGE)) {
            if (c.isError(m) && running) {
                c.send(message(conns.get(c.index ^ 1).id)); // keep the window full
            }
            return; // joined, left
        }
        long sent = m.parseLong(at + 2);
        if (measuring) {
            c.samples.add(Run.now() - sent);
        }
        c.hits++;
        if (running) {
            conns.get(c.index ^ 1).send(message(c.id));
        }
    }

    Result run(Target target) throws Exception {
        Settings s = run.settings;
        // connection i on node i mod n: with two nodes every pair (2k, 2k+1) spans both, each message crosses
        Clients.Opened opened = run.clients.open(i -> target.uri(i, "/relay"), s.relayPairs * 2, 50, i -> new Conn(i, this::onFrame));
        conns = opened.conns();
        if (conns.size() != s.relayPairs * 2) {
            throw new IllegalStateException("only " + conns.size() + " relay clients connected: " + opened.firstError());
        }
        if (!welcomes.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("relay welcomes missing");
        }
        Result r = new Result("relay", s.relayPairs + " pairs", target.name());
        r.put("connections", conns.size()).put("inFlightPerConnection", s.relayInFlight).put("frameForm", FORM);
        for (Conn c : conns) {
            Conn partner = conns.get(c.index ^ 1);
            for (int k = 0; k < s.relayInFlight; k++) {
                c.send(message(partner.id));
            }
        }
        Run.sleepSeconds(warmup);
        for (Conn c : conns) {
            c.samples.clear();
        }
        measuring = true;
        long before = hits();
        ServerProbe.Mark a = target.probe().mark();
        Run.sleepSeconds(duration);
        ServerProbe.Mark b = target.probe().mark();
        long after = hits();
        measuring = false;
        running = false;
        Window w = Window.between(a, b);
        long messages = after - before;
        r.put("messages", messages).put("messagesPerSecond", Math.round(messages / w.seconds()));
        r.latency("latency", Samples.summarize(conns));
        r.window(w, messages);
        r.put("closedDuringRun", conns.stream().filter(Conn::isClosed).count());
        Conn.putErrors(r, conns);
        Thread.sleep(200);
        Clients.closeAll(conns, 5000);
        return r;
    }

    private long hits() {
        long n = 0;
        for (Conn c : conns) {
            n += c.hits;
        }
        return n;
    }
}
