package io.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RecordingRemote;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final AtomicInteger slowConsumer = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final Outbox.Listener listener = new Outbox.Listener() {
        @Override
        public void slowConsumer() {
            slowConsumer.incrementAndGet();
        }

        @Override
        public void sent() {
            sent.incrementAndGet();
        }

        @Override
        public void failed(Throwable cause) {
        }
    };

    private Outbox released(RecordingRemote remote, int capacity) {
        Outbox outbox = new Outbox(remote, capacity, listener);
        outbox.release();
        return outbox;
    }

    @Test
    void oneSendInFlightAtATimeEachStartedFromThePreviousCompletion() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 10);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), remote.sentText());
        remote.completeOne();
        assertEquals(List.of("a", "b"), remote.sentText());
        remote.completeAll();
        assertEquals(List.of("a", "b", "c"), remote.sentText());
        assertEquals(1, remote.maxInFlight());
        assertEquals(3, sent.get());
        assertEquals(0, outbox.depth());
    }

    @Test
    void inlineCompletionsDrainLongQueuesWithoutDeepRecursion() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 200_000);
        IntStream.range(0, 100_000).forEach(i -> outbox.offer("m" + i));
        remote.completeAll();
        List<String> texts = remote.sentText();
        assertEquals(100_000, texts.size());
        assertEquals("m99999", texts.get(99_999));
    }

    @Test
    void aFullQueueClosesTheOutboxOnceAndDropsOnlyForThatClient() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 3);
        assertTrue(outbox.offer("1"));
        assertTrue(outbox.offer("2"));
        assertTrue(outbox.offer("3"));
        assertFalse(outbox.offer("4"), "over capacity");
        assertFalse(outbox.offer("5"));
        assertEquals(1, slowConsumer.get());
        assertTrue(outbox.isClosed());
        assertEquals(0, outbox.depth(), "the queue is released");
    }

    @Test
    void exemptFramesDoNotCountAgainstTheLimit() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 2);
        for (int i = 0; i < 50; i++) {
            outbox.offerExempt("replay" + i);
        }
        assertTrue(outbox.offer("live1"));
        assertTrue(outbox.offer("live2"));
        assertEquals(0, slowConsumer.get());
        remote.completeAll();
        assertEquals("live2", remote.sentText().get(51));
    }

    @Test
    void aHeldOutboxSendsNothingUntilReleasedAndOfferFirstGoesAhead() {
        RecordingRemote remote = new RecordingRemote(true);
        Outbox outbox = new Outbox(remote, 10, listener);
        outbox.offer("raced");
        outbox.offerFirst("welcome");
        assertEquals(List.of(), remote.sent());
        outbox.release();
        assertEquals(List.of("welcome", "raced"), remote.sentText());
    }

    @Test
    void pingsGoThroughTheSameQueue() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 10);
        outbox.offer("a");
        outbox.offerExempt(Outbox.PING);
        outbox.offer("b");
        remote.completeAll();
        assertEquals(List.of("a", RecordingRemote.PING, "b"), remote.sent());
    }

    @Test
    void congestionStartsAboveHalfAndDrainingWakesAWaitingSender() throws Exception {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 8);
        for (int i = 0; i < 5; i++) {
            outbox.offer("m" + i);
        }
        assertTrue(outbox.congested());
        Thread drainer = new Thread(() -> {
            sleep(100);
            remote.completeAll();
        });
        drainer.start();
        long started = System.nanoTime();
        outbox.awaitDrain();
        assertTrue(outbox.depth() <= 2, "woken at the low-water mark");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Outbox.STALL_TIMEOUT) < 0,
                "returned when drained, not at the stall timeout");
        drainer.join();
    }

    @Test
    void aSenderStopsWaitingForAnOutboxThatMakesNoProgress() {
        RecordingRemote remote = new RecordingRemote(false);
        Outbox outbox = released(remote, 8);
        for (int i = 0; i < 6; i++) {
            outbox.offer("m" + i);
        }
        outbox.awaitDrain();
        assertTrue(outbox.congested(), "returned although still congested: the peer is stuck");
        assertFalse(outbox.isClosed());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
