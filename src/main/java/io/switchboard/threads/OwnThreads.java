package io.switchboard.threads;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of the application's own executors: named daemon threads, remembered so that stopping can
 * wait until every one has ended. An executor's {@code awaitTermination} returns a moment before its last thread
 * has ended, and a container that still finds a thread of the application alive after undeploy reports it as a
 * leak (Tomcat logs each one).
 */
public final class OwnThreads implements ThreadFactory {
    /**
     * Long enough for the threads of an executor that has terminated (or shut down): they are in the last
     * moments of their run, so this is a bound that is never reached in practice.
     */
    public static final Duration AFTER_TERMINATION = Duration.ofSeconds(1);

    private final ThreadFactory maker;
    private final Set<Thread> made = ConcurrentHashMap.newKeySet();

    private OwnThreads(ThreadFactory maker) {
        this.maker = maker;
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, and so on. */
    public static OwnThreads numbered(String name) {
        AtomicInteger count = new AtomicInteger();
        return new OwnThreads(task -> daemon(new Thread(task, name + "-" + count.incrementAndGet())));
    }

    /** Daemon threads named {@code name}, for an executor of one thread. */
    public static OwnThreads named(String name) {
        return new OwnThreads(task -> daemon(new Thread(task, name)));
    }

    /** The threads {@code maker} makes (a library's own kind of thread), remembered. */
    public static OwnThreads of(ThreadFactory maker) {
        return new OwnThreads(maker);
    }

    @Override
    public Thread newThread(Runnable task) {
        made.removeIf(thread -> thread.getState() == Thread.State.TERMINATED); // pools replace idle threads
        Thread thread = maker.newThread(task);
        made.add(thread);
        return thread;
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Waits, at most {@code limit} in all, until every thread made here has ended; call it after shutting the
     * executor down.
     */
    public void awaitEnd(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : made) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                return;
            }
            try {
                thread.join(leftMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
