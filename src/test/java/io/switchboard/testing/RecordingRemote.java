package io.switchboard.testing;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The container's blocking remote endpoint, reduced to what unit tests of the outbox, peers and broker need: it
 * records frames in write order with the thread that wrote each, counts flushes, and can be <em>slow</em> (every
 * write takes a while), as a client on a poor link, <em>stall</em> (every write blocks until {@link #resume()}),
 * as a client that stopped reading does, or fail, as a broken connection.
 */
public final class RecordingRemote implements RemoteEndpoint.Basic {
    public static final Object PING = "<ping>";

    private final List<Object> sent = new ArrayList<>();
    private final List<String> writerThreads = new ArrayList<>();
    private boolean stalled;
    private IOException failure;
    private int writing;
    private int maxConcurrent;
    private int flushes;
    private boolean batching;
    private long perWriteNanos;

    /** A remote that writes at once. */
    public RecordingRemote() {
    }

    /** A remote that takes {@code perWrite} for every write: a client that reads, but slowly. */
    public static RecordingRemote slow(Duration perWrite) {
        RecordingRemote remote = new RecordingRemote();
        remote.perWriteNanos = perWrite.toNanos();
        return remote;
    }

    /** A remote whose writes block until {@link #resume()}. */
    public static RecordingRemote stalled() {
        RecordingRemote remote = new RecordingRemote();
        remote.stalled = true;
        return remote;
    }

    /** A Session whose basic remote is this one. */
    public Session session() {
        return session(new ArrayList<>());
    }

    /** A Session whose basic remote is this one; {@code closes} collects close reasons. */
    public Session session(List<CloseReason> closes) {
        return session(closes, () -> { });
    }

    /**
     * A Session whose basic remote is this one; {@code closes} collects close reasons, and {@code onClose} runs
     * after each close, as a container calls its endpoint's onClose.
     */
    public Session session(List<CloseReason> closes, Runnable onClose) {
        Map<String, Object> userProperties = new HashMap<>();
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> this;
                    case "getUserProperties" -> userProperties;
                    case "isOpen" -> closes.isEmpty();
                    case "getUserPrincipal" -> null;
                    case "close" -> {
                        synchronized (closes) {
                            closes.add(args == null ? null : (CloseReason) args[0]);
                        }
                        onClose.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RecordingSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Lets stalled writes (and every later one) complete. */
    public synchronized void resume() {
        stalled = false;
        notifyAll();
    }

    /** Makes the next write (and every later one) fail as a broken connection would. */
    public synchronized void failWith(IOException e) {
        failure = e;
        notifyAll();
    }

    public synchronized List<Object> sent() {
        return new ArrayList<>(sent);
    }

    public synchronized List<String> sentText() {
        return sent.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The name of the thread that wrote each frame, in order. */
    public synchronized List<String> writerThreads() {
        return new ArrayList<>(writerThreads);
    }

    /** Waits until at least {@code count} frames were written, and returns them. */
    public List<Object> awaitSent(int count) {
        Wait.until(count + " frames written", () -> sent().size() >= count);
        return sent();
    }

    /** The most writes that were ever in progress at once: the outbox promises 1. */
    public synchronized int maxConcurrentWrites() {
        return maxConcurrent;
    }

    /** Batches flushed (each one possibly many frames in one socket write). */
    public synchronized int flushes() {
        return flushes;
    }

    private void write(Object frame) throws IOException {
        if (perWriteNanos > 0) {
            LockSupport.parkNanos(perWriteNanos);
        }
        synchronized (this) {
            writing++;
            maxConcurrent = Math.max(maxConcurrent, writing);
            try {
                while (stalled && failure == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writing--;
                throw new IOException("interrupted");
            }
            writing--;
            if (failure != null) {
                throw failure;
            }
            sent.add(frame);
            writerThreads.add(Thread.currentThread().getName());
        }
    }

    @Override
    public void sendText(String text) throws IOException {
        write(text);
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        write(data);
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        write(PING);
    }

    @Override
    public synchronized void setBatchingAllowed(boolean allowed) {
        if (batching && !allowed) {
            flushes++; // as the containers do: switching batching off flushes the batch
        }
        batching = allowed;
    }

    @Override
    public synchronized boolean getBatchingAllowed() {
        return batching;
    }

    @Override
    public synchronized void flushBatch() {
        flushes++;
    }

    @Override
    public void sendText(String partialMessage, boolean isLast) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendBinary(ByteBuffer partialByte, boolean isLast) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OutputStream getSendStream() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Writer getSendWriter() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendObject(Object data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendPong(ByteBuffer applicationData) {
        throw new UnsupportedOperationException();
    }
}
