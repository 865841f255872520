package io.switchboard.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RecordingRemote;
import io.switchboard.testing.Wait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final Writers writers = new Writers("test-writer", 2);
    private final AtomicInteger slowConsumer = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();
    private final Outbox.Events events = new Outbox.Events() {
        @Override
        public void slowConsumer() {
            slowConsumer.incrementAndGet();
        }

        @Override
        public void sent(int frames) {
            sent.addAndGet(frames);
        }

        @Override
        public synchronized void failed(Throwable cause) {
            failures.add(cause);
        }
    };

    @AfterEach
    void stopWriters() {
        writers.close();
    }

    private Outbox outbox(RecordingRemote remote, int capacity) {
        Outbox outbox = new Outbox(remote.session(), capacity, writers, events);
        outbox.start();
        return outbox;
    }

    private static Frame.Text text(String s) {
        return Frame.text(s);
    }

    @Test
    void framesFromManyPublishersAreWrittenOneAtATimeInEachPublishersOrder() throws Exception {
        RecordingRemote remote = new RecordingRemote();
        Outbox outbox = outbox(remote, 100_000);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int publisher = p;
            publishers.add(new Thread(() -> IntStream.range(0, 5_000)
                    .forEach(i -> outbox.offer(text(publisher + ":" + i)))));
        }
        publishers.forEach(Thread::start);
        for (Thread t : publishers) {
            t.join();
        }
        List<Object> written = remote.awaitSent(20_000);
        assertEquals(1, remote.maxConcurrentWrites(), "one writer at a time");
        for (int p = 0; p < 4; p++) {
            String prefix = p + ":";
            List<Object> own = written.stream().filter(f -> ((String) f).startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, 5_000).mapToObj(i -> prefix + i).toList(), own);
        }
        Wait.until("all counted", () -> sent.get() == 20_000 && outbox.depth() == 0);
    }

    @Test
    void framesQueuedBehindAWriteLeaveInOneBatchWhileALoneFrameIsWrittenAsIs() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 10);
        assertTrue(outbox.batching(), "the remote allows batching");
        int probe = remote.flushes(); // finding out whether the remote batches
        outbox.offer(text("a"));
        Wait.until("a writer is on the first frame", () -> outbox.depth() == 1);
        outbox.offer(text("b"));
        outbox.offer(text("c"));
        outbox.offer(text("d"));
        remote.resume();
        assertEquals(List.of("a", "b", "c", "d"), remote.awaitSent(4));
        Wait.until("flushed", () -> remote.flushes() > probe);
        assertEquals(1, remote.flushes() - probe, "'a' alone unbatched; the three queued behind it leave in one batch");
        outbox.offer(text("e"));
        remote.awaitSent(5);
        assertEquals(1, remote.flushes() - probe, "a lone frame needs no batch");
    }

    @Test
    void nothingIsWrittenBeforeStartAndThenTheFirstQueuedFrameGoesFirst() {
        RecordingRemote remote = new RecordingRemote();
        Outbox outbox = new Outbox(remote.session(), 10, writers, events);
        outbox.offerExempt(text("welcome"));
        outbox.offer(text("raced in while opening"));
        sleep(100);
        assertEquals(List.of(), remote.sent(), "held by the opener");
        outbox.start();
        assertEquals(List.of("welcome", "raced in while opening"), remote.sent());
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), remote.writerThreads());
    }

    @Test
    void aReplyIsWrittenOnTheRepliersOwnThreadAndAnOfferOnAWriter() {
        RecordingRemote remote = new RecordingRemote();
        Outbox outbox = outbox(remote, 10);
        assertTrue(outbox.reply(text("echo")));
        assertEquals(List.of(Thread.currentThread().getName()), remote.writerThreads(), "no hand-off for a reply");
        outbox.offer(text("broadcast"));
        remote.awaitSent(2);
        assertTrue(remote.writerThreads().get(1).startsWith("test-writer-"), remote.writerThreads().toString());
    }

    @Test
    void aFullQueueClosesTheOutboxOnceAndDropsOnlyForThatClient() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 3);
        assertTrue(outbox.offer(text("1")));
        assertTrue(outbox.offer(text("2")));
        assertTrue(outbox.offer(text("3")));
        assertFalse(outbox.offer(text("4")), "over capacity");
        assertFalse(outbox.offer(text("5")));
        assertFalse(outbox.reply(text("6")));
        assertEquals(1, slowConsumer.get());
        assertTrue(outbox.isClosed());
        assertEquals(0, outbox.depth(), "the queue is released");
        remote.resume();
        sleep(200);
        assertTrue(remote.sent().size() <= 1, "at most the write under way at the close: " + remote.sent());
        assertTrue(writers.threads() == 2 && Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("test-writer-")).allMatch(t -> t.getState() != Thread.State.RUNNABLE),
                "no writer keeps spinning on the closed outbox");
    }

    @Test
    void exemptFramesDoNotCountAgainstTheLimit() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 2);
        for (int i = 0; i < 50; i++) {
            outbox.offerExempt(text("replay" + i));
        }
        assertTrue(outbox.offer(text("live1")));
        assertTrue(outbox.offer(text("live2")));
        assertEquals(0, slowConsumer.get());
        remote.resume();
        List<Object> written = remote.awaitSent(52);
        assertEquals("replay0", written.get(0));
        assertEquals("live2", written.get(51));
    }

    @Test
    void pingsGoThroughTheSameQueue() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 10);
        outbox.offer(text("a"));
        outbox.offerExempt(Frame.PING);
        outbox.offer(text("b"));
        remote.resume();
        assertEquals(List.of("a", RecordingRemote.PING, "b"), remote.awaitSent(3));
    }

    @Test
    void aFailedWriteClosesTheOutboxAndIsReportedOnce() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 10);
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        remote.failWith(new IOException("Broken pipe"));
        Wait.until("closed", outbox::isClosed);
        assertFalse(outbox.offer(text("c")));
        synchronized (events) {
            assertEquals(1, failures.size());
        }
        assertEquals(List.of(), remote.sent());
    }

    @Test
    void congestionStartsAboveHalfAndDrainingWakesAWaitingSender() throws Exception {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 8);
        for (int i = 0; i < 5; i++) {
            outbox.offer(text("m" + i));
        }
        assertTrue(outbox.congested());
        Thread resumer = new Thread(() -> {
            sleep(100);
            remote.resume();
        });
        resumer.start();
        long started = System.nanoTime();
        outbox.awaitDrain();
        assertTrue(outbox.depth() <= 2, "woken at the low-water mark");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Outbox.DRAIN_WAIT_LIMIT) < 0,
                "returned when drained, not at the wait limit");
        resumer.join();
    }

    @Test
    void aSenderStopsWaitingForAnOutboxThatMakesNoProgress() {
        RecordingRemote remote = RecordingRemote.stalled();
        Outbox outbox = outbox(remote, 8);
        for (int i = 0; i < 6; i++) {
            outbox.offer(text("m" + i));
        }
        outbox.awaitDrain();
        assertTrue(outbox.congested(), "returned although still congested: the peer is stuck");
        assertFalse(outbox.isClosed());
        remote.resume();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
