package io.switchboard.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class OwnThreadsTest {

    @Test
    void awaitEndReturnsOnlyOnceEveryThreadMadeHasEnded() {
        OwnThreads threads = OwnThreads.numbered("own-threads-test");
        Thread first = threads.newThread(() -> LockSupport.parkNanos(Duration.ofMillis(200).toNanos()));
        Thread second = threads.newThread(() -> LockSupport.parkNanos(Duration.ofMillis(300).toNanos()));
        assertEquals("own-threads-test-1", first.getName());
        assertEquals("own-threads-test-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
        first.start();
        second.start();

        threads.awaitEnd(Duration.ofSeconds(5));

        assertFalse(first.isAlive());
        assertFalse(second.isAlive());
    }

    @Test
    void awaitEndGivesUpAfterItsLimitOnAThreadThatDoesNotEnd() throws InterruptedException {
        OwnThreads threads = OwnThreads.named("own-threads-stuck");
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = threads.newThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stuck.start();

        long started = System.nanoTime();
        threads.awaitEnd(Duration.ofMillis(300));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(stuck.isAlive());
        assertTrue(waited.compareTo(Duration.ofMillis(250)) >= 0 && waited.compareTo(Duration.ofSeconds(3)) < 0,
                "waited about the limit: " + waited);
        release.countDown();
        stuck.join();
    }
}
