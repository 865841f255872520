package io.switchboard.outbox;

import io.switchboard.threads.OwnThreads;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write outboxes to their clients: a few regular writers (one per core by default) take turns
 * on whichever outboxes have frames, with the container's blocking send. An outbox is handed over once per
 * burst of frames, not once per frame. A hand-off wakes an idle writer only when no writer is awake, or when
 * the backlog exceeds {@link #BACKLOG_PER_WRITER} outboxes per awake writer: a broadcast to a hundred members
 * at a modest rate wakes one thread, not all of them, while a heavy load gets every core.
 *
 * <p>A blocking write can stall on a client that stopped reading once its socket buffers are full. A watchdog
 * therefore looks every {@link #WATCH_PERIOD}: a writer busy with one outbox for longer than {@link #STALL} is
 * presumed stuck; it finishes (its write completes or times out, or the client is closed as a slow consumer)
 * and then leaves, while a fresh writer takes its place at once. So a stalled client delays the others by at most
 * {@code STALL + WATCH_PERIOD} (125 ms), up to {@link #MAX_SPARES} stalled clients at the same moment.
 */
public final class Writers implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Writers.class.getName());

    /** Longer than any healthy turn (64 frames to a reading client), short enough that others barely notice. */
    public static final Duration STALL = Duration.ofMillis(100);
    /** How often the watchdog looks for stuck writers; 40 wake-ups a second cost nothing measurable. */
    static final Duration WATCH_PERIOD = Duration.ofMillis(25);
    /** Writers started beside stuck ones, at most; beyond that, stalled clients wait for their write timeouts. */
    public static final int MAX_SPARES = 64;
    /**
     * Outboxes waiting per awake writer before another one is woken. One writer empties a hundred single-frame
     * outboxes in well under a millisecond; waking a second thread for that costs more than it saves.
     */
    static final int BACKLOG_PER_WRITER = 128;
    /**
     * How long {@link #close} waits for the writer threads to end (and then for the watchdog). They are parked,
     * or finishing a write to a session that is closed by then; a container checks for threads left running as
     * soon as the application stops.
     */
    static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final OwnThreads writerThreads;
    private final OwnThreads watchdogThread;
    private final int regular;
    private final ConcurrentLinkedQueue<Outbox> ready = new ConcurrentLinkedQueue<>();
    /** Outboxes in {@code ready} (a queue's own size is not constant-time). */
    private final AtomicInteger backlog = new AtomicInteger();
    /** Writers not parked (stuck ones included). */
    private final AtomicInteger awake = new AtomicInteger();
    /** Writers replaced by the watchdog that have not left yet: awake, maybe, but of no use to anyone else. */
    private final AtomicInteger stuck = new AtomicInteger();
    private final ConcurrentLinkedDeque<Writer> idle = new ConcurrentLinkedDeque<>();
    private final Set<Writer> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sparesStarted = new AtomicInteger();
    private final Thread watchdog;
    private volatile boolean stopped;

    public Writers(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.writerThreads = OwnThreads.numbered(name);
        this.watchdogThread = OwnThreads.named(name + "-watchdog");
        this.regular = threads;
        for (int i = 0; i < threads; i++) {
            startWriter();
        }
        watchdog = watchdogThread.newThread(this::watch);
        watchdog.start();
    }

    /** Hands an outbox whose {@code writing} the caller holds to the next free writer. */
    void submit(Outbox outbox) {
        ready.add(outbox);
        int waiting = backlog.incrementAndGet();
        int working = awake.get() - stuck.get();
        if (working <= 0 || waiting > BACKLOG_PER_WRITER * working) {
            wakeOne();
        }
    }

    private void wakeOne() {
        Writer writer = idle.pollFirst();
        if (writer != null) {
            awake.incrementAndGet();
            writer.parked = false;
            LockSupport.unpark(writer.thread);
        }
    }

    /** Writers alive now (regular ones plus any that are stuck and about to leave). */
    public int threads() {
        return running.size();
    }

    /** How many times a stuck writer was replaced since start. */
    public int sparesStarted() {
        return sparesStarted.get();
    }

    /**
     * Stops every writer and the watchdog, and waits (at most {@link #EXIT_WAIT}) until their threads ended;
     * outboxes still queued are abandoned (their sessions are closed by then).
     */
    @Override
    public void close() {
        stopped = true;
        watchdog.interrupt();
        for (Writer writer : running) {
            LockSupport.unpark(writer.thread);
        }
        watchdogThread.awaitEnd(EXIT_WAIT);
        writerThreads.awaitEnd(EXIT_WAIT);
    }

    private void startWriter() {
        Writer writer = new Writer();
        running.add(writer);
        awake.incrementAndGet();
        writer.thread.start();
    }

    private void watch() {
        long stallNanos = STALL.toNanos();
        while (!stopped) {
            try {
                Thread.sleep(WATCH_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Writer writer : running) {
                long since = writer.busySince;
                if (!writer.replaced && since != 0 && now - since > stallNanos
                        && running.size() < regular + MAX_SPARES) {
                    writer.replaced = true;
                    stuck.incrementAndGet();
                    sparesStarted.incrementAndGet();
                    startWriter();
                }
            }
        }
    }

    /** One writer thread: takes an outbox, gives it one turn, repeats; parks when there is none; leaves once replaced. */
    private final class Writer implements Runnable {
        final Thread thread;
        /** When the current turn started ({@code System.nanoTime()}), 0 while idle. */
        volatile long busySince;
        volatile boolean replaced;
        volatile boolean parked;

        Writer() {
            this.thread = writerThreads.newThread(this);
        }

        @Override
        public void run() {
            try {
                while (!stopped && !replaced) {
                    Outbox outbox = ready.poll();
                    if (outbox == null) {
                        park();
                        continue;
                    }
                    backlog.decrementAndGet();
                    long now = System.nanoTime();
                    busySince = now == 0 ? 1 : now;
                    try {
                        outbox.writeTurn();
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.WARNING, "Writer failed on an outbox", e);
                    } finally {
                        busySince = 0;
                    }
                }
            } finally {
                running.remove(this);
                if (!parked) {
                    awake.decrementAndGet();
                }
                if (replaced) {
                    stuck.decrementAndGet();
                    if (backlog.get() > 0) {
                        wakeOne(); // whatever queued while this one was stuck
                    }
                }
            }
        }

        /** Goes idle until woken; returns at once if work arrived meanwhile (no wake-up is ever lost). */
        private void park() {
            parked = true;
            idle.addFirst(this);
            awake.decrementAndGet();
            if (ready.peek() != null && idle.remove(this)) {
                parked = false;
                awake.incrementAndGet();
                return;
            }
            while (parked && !stopped) {
                LockSupport.park(this);
            }
        }
    }
}
