package io.switchboard.session;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session's bounded outbound queue and its single sender: the only way a frame reaches a client.
 *
 * <p>Containers forbid two sends in flight on one session (Tomcat: {@code TEXT_FULL_WRITING}), so frames
 * are queued and sent one at a time, each async send started from the previous one's completion. A full
 * queue means the client does not keep up: the outbox closes itself and reports a slow consumer, so nobody
 * else ever waits on it. Frames the server owes the client regardless of its speed (the welcome, a
 * {@code since} replay, pings) are queued <em>exempt</em> from the limit.
 *
 * <p>An outbox starts <em>held</em>: frames queue but nothing is sent until {@link #release()}, so the
 * registry can put the welcome first even if a message for the new peer races with its registration.
 */
public final class Outbox implements SendHandler {

    /**
     * How long a sender waits for an outbox that makes no progress at all before it stops waiting for it
     * (the outbox then fills and closes as a slow consumer). A reading client completes sends far more
     * often than this, however slowly.
     */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(2);

    /** Marker for a ping frame in the queue. */
    static final Object PING = new Object();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private static final int IN_CALL = 0;
    private static final int RETURNED = 1;
    private static final int COMPLETED = 2;

    /** Receives what happens to an outbox that its owner must act on. */
    public interface Listener {
        /** The queue overflowed: the client is too slow and must be closed. Called once. */
        void slowConsumer();

        /** A frame was written to the connection. */
        void sent();

        /** A send failed (the connection is broken). Called once. */
        void failed(Throwable cause);
    }

    private record Exempt(Object frame) {
    }

    private final RemoteEndpoint.Async remote;
    private final Listener listener;
    private final int capacity;
    private final int highWater;
    private final int lowWater;

    private final ConcurrentLinkedDeque<Object> queue = new ConcurrentLinkedDeque<>();
    /** Counted frames queued or in flight (exempt frames excluded). */
    private final AtomicInteger depth = new AtomicInteger();
    /** Owned by whoever drains; starts owned by the opener, so nothing is sent before {@link #release()}. */
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicInteger sendState = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean inFlightCounted;
    private volatile long lastProgressNanos = System.nanoTime();

    private final Object drained = new Object();
    private volatile int waiters;

    public Outbox(RemoteEndpoint.Async remote, int capacity, Listener listener) {
        this.remote = remote;
        this.listener = listener;
        this.capacity = capacity;
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = capacity / 4;
    }

    /**
     * Queues a text (a {@link String}) or binary (a {@link ByteBuffer} the caller no longer touches) frame.
     *
     * @return false when the outbox is closed or just overflowed (the frame was not queued)
     */
    public boolean offer(Object frame) {
        if (closed.get()) {
            return false;
        }
        if (depth.incrementAndGet() > capacity) {
            depth.decrementAndGet();
            if (close()) {
                listener.slowConsumer();
            }
            return false;
        }
        queue.add(frame);
        kick();
        return true;
    }

    /** Queues a frame that does not count against the limit: welcome, replay, ping. */
    public void offerExempt(Object frame) {
        if (!closed.get()) {
            queue.add(new Exempt(frame));
            kick();
        }
    }

    /** Queues an exempt frame ahead of everything else; only while held, for the welcome. */
    public void offerFirst(Object frame) {
        if (sending.get()) {
            queue.addFirst(new Exempt(frame));
        } else {
            throw new IllegalStateException("offerFirst after release");
        }
    }

    /** Starts sending what was queued while held. Called once, by the thread that opened the peer. */
    public void release() {
        lastProgressNanos = System.nanoTime();
        drain();
    }

    /** True when more than half the queue is in use: the sender should slow down (see {@link #awaitDrain}). */
    public boolean congested() {
        return depth.get() > highWater;
    }

    /** Counted frames queued or being sent. */
    public int depth() {
        return depth.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops sending and releases the queue. Frames already handed to the container may still go out.
     *
     * @return true for the call that closed it
     */
    public boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        depth.set(0);
        signalDrained();
        return true;
    }

    /**
     * Back-pressure: blocks the calling thread (a client's reader, so the container stops reading its socket)
     * until this outbox is down to a quarter full, closes, or has made no progress for {@link #STALL_TIMEOUT}.
     */
    public void awaitDrain() {
        long stallNanos = STALL_TIMEOUT.toNanos();
        synchronized (drained) {
            waiters++;
            try {
                while (!closed.get() && depth.get() > lowWater) {
                    long remaining = stallNanos - (System.nanoTime() - lastProgressNanos);
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

    private void kick() {
        if (sending.compareAndSet(false, true)) {
            lastProgressNanos = System.nanoTime();
            drain();
        }
    }

    /** Sends queued frames one at a time; runs while this thread owns {@code sending}. */
    private void drain() {
        while (true) {
            Object item = queue.poll();
            if (item == null) {
                sending.set(false);
                if (queue.isEmpty() || !sending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            boolean counted = !(item instanceof Exempt);
            Object frame = counted ? item : ((Exempt) item).frame();
            inFlightCounted = counted;
            sendState.set(IN_CALL);
            transmit(frame);
            if (sendState.compareAndSet(IN_CALL, RETURNED)) {
                return; // the completion continues the drain
            }
            // completed inline: keep going on this thread instead of recursing
        }
    }

    private void transmit(Object frame) {
        try {
            if (frame instanceof String text) {
                remote.sendText(text, this);
            } else if (frame instanceof ByteBuffer bytes) {
                remote.sendBinary(bytes, this);
            } else if (frame == PING) {
                remote.sendPing(EMPTY.duplicate());
                onResult(new SendResult());
            } else {
                throw new IllegalArgumentException("not a frame: " + frame.getClass());
            }
        } catch (Exception e) {
            onResult(new SendResult(e));
        }
    }

    @Override
    public void onResult(SendResult result) {
        if (inFlightCounted) {
            int now = depth.decrementAndGet();
            if (waiters > 0 && now <= lowWater) {
                signalDrained();
            }
        }
        lastProgressNanos = System.nanoTime();
        if (result.isOK()) {
            listener.sent();
        } else if (close()) {
            listener.failed(result.getException());
        }
        if (sendState.compareAndSet(IN_CALL, COMPLETED)) {
            return; // the thread inside transmit() continues the drain
        }
        drain();
    }

    private void signalDrained() {
        synchronized (drained) {
            drained.notifyAll();
        }
    }
}
