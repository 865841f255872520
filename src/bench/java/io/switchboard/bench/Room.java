package io.switchboard.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A room of subscribers and one publisher, shared by {@code broadcast-paced} and {@code broadcast-burst}.
 * The publisher's text is {@code b|<number>|<send time>|}; each subscriber checks every number arrives once
 * and in order, and times the ones in the measured range. Welcome and presence frames are ignored.
 */
final class Room {
    /** Per-subscriber bookkeeping, touched only by that connection's callbacks. */
    static final class Tally {
        final BitSet seen = new BitSet();
        volatile int distinct;
        int highest;
        long outOfOrder;
        long duplicates;
        volatile long completedAt;
    }

    final Run run;
    final Target target;
    final String name;
    final int total;
    final CountDownLatch welcomes;
    volatile int firstTimed = Integer.MAX_VALUE;
    volatile int lastTimed = Integer.MIN_VALUE;
    List<Conn> subscribers = List.of();
    Conn publisher;
    int connectFailures;
    String firstError;

    Room(Run run, Target target, String kind, int subscriberCount, int total) {
        this.run = run;
        this.target = target;
        this.name = "bench-" + kind + "-" + run.runId;
        this.total = total;
        this.welcomes = new CountDownLatch(subscriberCount + 1);
    }

    static String text(int number) {
        return "b|" + number + "|" + Run.now() + "|";
    }

    /** The publisher's frame: the tutorial's chat shape (the baseline simply wraps whatever it gets). */
    static String frame(int number) {
        return "{\"username\":\"publisher\",\"text\":\"" + text(number) + "\"}";
    }

    private static final byte[] MARK = Msg.pattern("b|");
    private static final byte[] WELCOME = Msg.pattern("\"welcome\"");

    private void onFrame(Conn c, Msg m) {
        int at = m.indexOf(MARK);
        if (at < 0) {
            if (m.contains(WELCOME)) {
                welcomes.countDown();
            } else {
                c.isError(m);
            }
            return;
        }
        int number = (int) m.parseLong(at + 2);
        long sent = m.parseLong(m.indexOf('|', at + 2) + 1);
        Tally t = (Tally) c.state;
        if (t.seen.get(number)) {
            t.duplicates++;
            return;
        }
        t.seen.set(number);
        t.distinct++;
        if (number < t.highest) {
            t.outOfOrder++;
        } else {
            t.highest = number;
        }
        if (number >= firstTimed && number <= lastTimed) {
            c.samples.add(Run.now() - sent);
        }
        if (t.distinct == total) {
            t.completedAt = Run.now();
        }
    }

    /**
     * Opens the subscribers (split over the target's nodes), then the publisher (on its first node), and waits
     * until all are in the room.
     */
    void open(int subscriberCount) throws Exception {
        String path = "/broadcast/" + name;
        Clients.Opened subs = run.clients.open(i -> target.uri(i, path), subscriberCount, 50, i -> {
            Conn c = new Conn(i, this::onFrame);
            c.state = new Tally();
            return c;
        });
        subscribers = subs.conns();
        connectFailures = subs.failed();
        firstError = subs.firstError();
        Clients.Opened pub = run.clients.open(target.uri(0, path), 1, 1, i -> {
            Conn c = new Conn(subscriberCount, this::onFrame);
            c.state = new Tally();
            return c;
        });
        if (pub.conns().isEmpty()) {
            throw new IllegalStateException("publisher could not connect: " + pub.firstError());
        }
        publisher = pub.conns().get(0);
        if (!target.welcomes()) {
            Thread.sleep(1000); // the bare endpoint sends no welcome: give its @OnOpen time to join
        } else if (!welcomes.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (subscriberCount + 1 - welcomes.getCount())
                    + " welcomes of " + (subscriberCount + 1));
        }
    }

    long delivered() {
        long n = 0;
        for (Conn c : subscribers) {
            n += ((Tally) c.state).distinct;
        }
        return n;
    }

    boolean allComplete() {
        for (Conn c : subscribers) {
            if (((Tally) c.state).distinct < total && !c.isClosed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every open subscriber has every message, or nothing arrived for {@code stallSeconds}; true only
     * when every subscriber has every message (one closed before it had them all makes it false).
     */
    boolean awaitDelivery(double stallSeconds, double maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        long lastCount = -1;
        while (!allComplete()) {
            long now = System.nanoTime();
            long count = delivered();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            }
            if (now - lastProgress > stallSeconds * 1e9 || now - start > maxSeconds * 1e9) {
                return false;
            }
            Thread.sleep(20);
        }
        for (Conn c : subscribers) {
            if (((Tally) c.state).distinct < total) {
                return false;
            }
        }
        return true;
    }

    /** Loss, order and closes over all subscribers. */
    void tally(Result r) {
        long lost = 0;
        long maxLost = 0;
        int withLoss = 0;
        long outOfOrder = 0;
        long duplicates = 0;
        int closed = 0;
        Map<String, Integer> closeCodes = new TreeMap<>();
        for (Conn c : subscribers) {
            Tally t = (Tally) c.state;
            long missing = total - t.distinct;
            lost += missing;
            maxLost = Math.max(maxLost, missing);
            if (missing > 0) {
                withLoss++;
            }
            outOfOrder += t.outOfOrder;
            duplicates += t.duplicates;
            if (c.isClosed()) {
                closed++;
                String key = c.closeCode + (c.closeReason == null || c.closeReason.isEmpty() ? "" : " " + c.closeReason);
                closeCodes.merge(key, 1, Integer::sum);
            }
        }
        r.put("subscribers", subscribers.size());
        if (connectFailures > 0) {
            r.put("connectFailures", connectFailures).put("firstError", firstError);
        }
        r.put("messages", total);
        r.put("lost", lost).put("maxLostPerSubscriber", maxLost).put("subscribersWithLoss", withLoss);
        r.put("outOfOrder", outOfOrder).put("duplicates", duplicates);
        r.put("subscribersClosed", closed);
        if (!closeCodes.isEmpty()) {
            r.put("closeCodes", closeCodes);
        }
        Tally own = (Tally) publisher.state;
        List<Conn> everyone = new ArrayList<>(subscribers);
        everyone.add(publisher);
        Conn.putErrors(r, everyone);
        r.put("publisherReceivedOwn", own.distinct).put("publisherClosed", publisher.isClosed());
        if (publisher.isClosed()) {
            r.put("publisherCloseCode", publisher.closeCode + " " + publisher.closeReason);
        }
    }

    void close() {
        List<Conn> all = new ArrayList<>(subscribers);
        if (publisher != null) {
            all.add(publisher);
        }
        Clients.closeAll(all, 5000);
    }
}
