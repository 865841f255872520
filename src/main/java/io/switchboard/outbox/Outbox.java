package io.switchboard.outbox;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session's bounded outbound queue: the only way a frame reaches a client.
 *
 * <p>Exactly one thread writes at a time (containers forbid two sends in flight on one session): whoever holds
 * {@code writing}. That is a thread of the shared {@link Writers} pool, or, for {@link #reply}, the client's own
 * reader thread. The holder writes <em>everything queued</em> with the container's blocking send, batched when
 * more than one frame waits, and flushes once: frames queued while a write was under way leave together, and no
 * frame costs a thread hand-off or a completion callback of its own (Tomcat dispatches every async completion
 * to its executor). A full queue means the client does not keep up: the outbox closes itself and reports a slow
 * consumer, so nobody else ever waits on it. Frames the server owes the client whatever its speed (the welcome,
 * a {@code since} replay, pings) are queued <em>exempt</em> from the limit.
 *
 * <p>A new outbox writes nothing until {@link #start()}: the opener queues the welcome, makes the peer visible
 * (to a room, to the relay directory), and only then lets the welcome go out, so a client never learns its id
 * before others can reach it, and nothing can overtake the welcome. {@code SwitchboardEndpoint.onOpen} calls
 * {@code start()} itself after the endpoint's own opening step, so no endpoint can forget it.
 */
public final class Outbox {

    /**
     * How long a thread waiting for this outbox to drain ({@link #awaitDrain}, back-pressure) waits when the
     * outbox makes no progress at all; the outbox then fills and closes as a slow consumer. A reading client
     * completes writes far more often than this, however slowly.
     */
    public static final Duration DRAIN_WAIT_LIMIT = Duration.ofSeconds(2);

    /** Frames a pool writer sends from one outbox before the next outbox gets its turn (fairness). */
    static final int FRAMES_PER_TURN = 64;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** What happens to an outbox that its owner must act on. */
    public interface Events {
        /** The queue overflowed: the client is too slow and must be closed. Called once. */
        void slowConsumer();

        /** {@code frames} frames were written to the connection. */
        void sent(int frames);

        /** A write failed (the connection is broken). Called once. */
        void failed(Throwable cause);
    }

    private final RemoteEndpoint.Basic remote;
    private final Writers writers;
    private final Events events;
    private final int capacity;
    private final int highWater;
    private final int lowWater;
    private final boolean batching;

    private final FrameQueue queue = new FrameQueue();
    /** Counted frames queued and not yet written (exempt frames excluded). */
    private final AtomicInteger depth = new AtomicInteger();
    /** Held by the one thread that may write now; held by the opener until {@link #start()}. */
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastProgressNanos = System.nanoTime();

    private final Object drained = new Object();
    private volatile int waiters;

    /** The outbox of {@code session}: from now on the only code that sends to it. */
    public Outbox(Session session, int capacity, Writers writers, Events events) {
        this.remote = session.getBasicRemote();
        this.writers = writers;
        this.events = events;
        this.capacity = capacity;
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = capacity / 4;
        this.batching = supportsBatching(remote);
    }

    /**
     * Ends the opening: writes, on the calling thread (the client's own), whatever was queued meanwhile, the
     * welcome first. Called once, by the thread that opened the peer.
     */
    public void start() {
        lastProgressNanos = System.nanoTime();
        writeQueued(Integer.MAX_VALUE);
    }

    /**
     * Queues a frame for a pool writer. Never writes and never blocks on the calling thread, so a publisher
     * fanning out to many clients never waits on one of them.
     *
     * @return false when the outbox is closed or just overflowed (the frame was not queued)
     */
    public boolean offer(Frame frame) {
        if (!admit()) {
            return false;
        }
        queue.add(frame, false);
        schedule();
        return true;
    }

    /** Queues a frame that does not count against the limit: welcome, replay, ping. */
    public void offerExempt(Frame frame) {
        if (!closed.get()) {
            queue.add(frame, true);
            schedule();
        }
    }

    /**
     * Queues a reply from this client's own reader thread and, when no writer is busy with this outbox, writes
     * it (and whatever else is queued) right here: no hand-off for echo and acks. If the client does not read,
     * this blocks its own reader, which is the back-pressure it deserves, and nobody else's thread.
     *
     * @return false when the outbox is closed or just overflowed
     */
    public boolean reply(Frame frame) {
        if (!admit()) {
            return false;
        }
        queue.add(frame, false);
        if (writing.compareAndSet(false, true)) {
            writeQueued(Integer.MAX_VALUE);
        }
        return true;
    }

    /** True when more than half the queue is in use: the sender should slow down (see {@link #awaitDrain}). */
    public boolean congested() {
        return depth.get() > highWater;
    }

    /**
     * Whether a write completed within {@link #DRAIN_WAIT_LIMIT}: a client that reads, however slowly, as opposed
     * to one that stopped (which back-pressure does not wait for).
     */
    public boolean progressing() {
        return System.nanoTime() - lastProgressNanos < DRAIN_WAIT_LIMIT.toNanos();
    }

    /** Counted frames queued and not yet written. */
    public int depth() {
        return depth.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the container lets this outbox batch the frames of one turn into one flush. */
    public boolean batching() {
        return batching;
    }

    /**
     * Stops sending; what is queued is dropped with the outbox. A frame already being written may still go out.
     *
     * @return true for the call that closed it
     */
    public boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        depth.set(0);
        signalDrained();
        return true;
    }

    /**
     * Back-pressure: blocks the calling thread (a client's reader, so the container stops reading its socket)
     * until this outbox is down to a quarter full, closes, or has made no progress for {@link #DRAIN_WAIT_LIMIT}.
     */
    public void awaitDrain() {
        long limitNanos = DRAIN_WAIT_LIMIT.toNanos();
        synchronized (drained) {
            waiters++;
            try {
                while (!closed.get() && depth.get() > lowWater) {
                    long remaining = limitNanos - (System.nanoTime() - lastProgressNanos);
                    if (remaining <= 0) {
                        return;
                    }
                    drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiters--;
            }
        }
    }

    /** Applies {@link #awaitDrain} to each congested outbox in turn. */
    public static void awaitDrain(List<Outbox> congested) {
        for (Outbox outbox : congested) {
            outbox.awaitDrain();
        }
    }

    /** One turn of a pool writer, which holds {@code writing}: up to {@link #FRAMES_PER_TURN} frames. */
    void writeTurn() {
        if (writeQueued(FRAMES_PER_TURN)) {
            writers.submit(this); // more queued: back of the line, still held
        }
    }

    private boolean admit() {
        if (closed.get()) {
            return false;
        }
        if (depth.incrementAndGet() > capacity) {
            depth.decrementAndGet();
            if (close()) {
                events.slowConsumer();
            }
            return false;
        }
        return true;
    }

    private void schedule() {
        if (writing.compareAndSet(false, true)) {
            lastProgressNanos = System.nanoTime();
            writers.submit(this);
        }
    }

    /**
     * Writes queued frames; runs while this thread holds {@code writing}. A frame with nothing queued behind it is
     * written on its own; once another waits behind the current one, batching is switched on, so the rest of the
     * turn gathers into the container's buffer and leaves with one flush (switching batching off) at the end.
     *
     * @return true when it stopped at {@code limit} with frames left (still holding {@code writing})
     */
    private boolean writeQueued(int limit) {
        while (true) {
            int written = 0;
            int counted = 0;
            boolean batched = false;
            try {
                FrameQueue.Node node;
                while (written < limit && !closed.get() && (node = queue.poll()) != null) {
                    if (batching && !batched && queue.hasNext()) {
                        remote.setBatchingAllowed(true);
                        batched = true;
                    }
                    write(node.frame);
                    if (!node.exempt) {
                        counted++;
                    }
                    written++;
                }
                if (batched) {
                    remote.setBatchingAllowed(false); // flushes
                }
            } catch (IOException | RuntimeException e) {
                if (close()) {
                    events.failed(e);
                }
                return false; // closed: {@code writing} stays held, nothing more is written
            }
            if (written > 0) {
                lastProgressNanos = System.nanoTime();
                int now = depth.addAndGet(-counted);
                if (waiters > 0 && now <= lowWater) {
                    signalDrained();
                }
                events.sent(written);
                if (written == limit && queue.hasNext()) {
                    return true;
                }
            }
            if (closed.get()) {
                return false; // {@code writing} stays held: a closed outbox writes nothing more
            }
            writing.set(false);
            if (!queue.hasNext() || !writing.compareAndSet(false, true)) {
                return false;
            }
        }
    }

    private void write(Frame frame) throws IOException {
        if (frame instanceof Frame.Text text) {
            remote.sendText(text.text());
        } else if (frame instanceof Frame.Binary binary) {
            remote.sendBinary(binary.bytes().duplicate());
        } else {
            remote.sendPing(EMPTY.duplicate());
        }
    }

    private void signalDrained() {
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    /**
     * Whether the container batches (gathers frames into one socket write until a flush); not every one does.
     * Batching is left off between turns: a lone frame costs one write, without a separate flush.
     */
    private static boolean supportsBatching(RemoteEndpoint.Basic remote) {
        try {
            remote.setBatchingAllowed(true);
            boolean supported = remote.getBatchingAllowed();
            remote.setBatchingAllowed(false);
            return supported;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
