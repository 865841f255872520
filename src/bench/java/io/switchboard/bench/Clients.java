package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The generator's selector threads ({@link Loop}s), shared by the connections of every scenario. */
final class Clients implements AutoCloseable {
    /** A handshake that has not completed after this long counts as failed. */
    static final int OPEN_TIMEOUT_SECONDS = 20;

    private final Loop[] loops;

    Clients(int count) throws IOException {
        loops = new Loop[Math.max(1, count)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop("bench-loop-" + (i + 1));
        }
    }

    /** What opening a batch of connections gave. */
    record Opened(List<Conn> conns, int failed, String firstError) {
    }

    /**
     * Opens {@code count} connections to {@code uri}, at most {@code concurrency} handshakes at a time.
     * Connections that fail are counted, not thrown.
     */
    Opened open(URI uri, int count, int concurrency, IntFunction<Conn> factory) throws InterruptedException {
        return open(i -> uri, count, concurrency, count, factory);
    }

    /** As above, connection {@code i} to {@code uriOf.apply(i)} (several nodes). */
    Opened open(IntFunction<URI> uriOf, int count, int concurrency, IntFunction<Conn> factory)
            throws InterruptedException {
        return open(uriOf, count, concurrency, count, factory);
    }

    /** As above, but stops starting handshakes once {@code maxFailures} have failed (a server at its limit). */
    Opened open(IntFunction<URI> uriOf, int count, int concurrency, int maxFailures, IntFunction<Conn> factory)
            throws InterruptedException {
        AtomicInteger failures = new AtomicInteger();
        Semaphore permits = new Semaphore(concurrency);
        ConcurrentLinkedQueue<Conn> ok = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch settledAll = new CountDownLatch(count);
        int started = 0;
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(OPEN_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
                errors.add("gave up: handshakes stopped completing");
                break;
            }
            if (failures.get() >= maxFailures) {
                permits.release();
                Run.log("%d handshakes failed: not starting the remaining %d", failures.get(), count - i);
                break;
            }
            started++;
            Conn conn = factory.apply(i);
            conn.connect(loops[i % loops.length], uriOf.apply(i)).copy().orTimeout(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((c, e) -> {
                        permits.release();
                        if (e == null) {
                            ok.add(conn);
                        } else {
                            failures.incrementAndGet();
                            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            errors.add(cause instanceof TimeoutException
                                    ? "no handshake answer in " + OPEN_TIMEOUT_SECONDS + " s" : String.valueOf(cause));
                            conn.abort();
                        }
                        settledAll.countDown();
                    });
        }
        for (int i = started; i < count; i++) {
            settledAll.countDown();
        }
        settledAll.await(OPEN_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
        List<Conn> conns = new ArrayList<>(ok);
        conns.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Opened(conns, count - conns.size(), errors.peek());
    }

    /** Closes every connection normally, waits (bounded) for the server's replies, then aborts the rest. */
    static void closeAll(List<Conn> conns, long waitMillis) {
        for (Conn c : conns) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Conn c : conns) {
            long left = deadline - System.nanoTime();
            try {
                c.closed.get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                c.abort();
            }
        }
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.stop();
        }
    }
}
