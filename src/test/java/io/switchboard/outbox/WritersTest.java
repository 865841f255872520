package io.switchboard.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RecordingRemote;
import io.switchboard.testing.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritersTest {
    @Test
    void aWriterStuckOnAStalledClientIsReplacedSoTheOthersAreStillServed() {
        try (Writers writers = new Writers("one-writer", 1)) {
            RecordingRemote stalled = RecordingRemote.stalled();
            RecordingRemote healthy = new RecordingRemote();
            Outbox stuck = new Outbox(stalled.session(), 10, writers, NoEvents.INSTANCE);
            Outbox fine = new Outbox(healthy.session(), 10, writers, NoEvents.INSTANCE);
            stuck.start();
            fine.start();

            stuck.offer(Frame.text("never read"));
            Wait.until("the only writer is on the stalled client", () -> stuck.depth() == 1 && healthy.sent().isEmpty());
            long offered = System.nanoTime();
            fine.offer(Frame.text("hello"));
            Wait.until("the healthy client served", () -> !healthy.sent().isEmpty());
            Duration waited = Duration.ofNanos(System.nanoTime() - offered);
            assertTrue(waited.compareTo(Duration.ofSeconds(2)) < 0,
                    "served by a spare writer within the stall bound, not after the stalled write: " + waited);
            assertEquals(1, writers.sparesStarted());

            stalled.resume();
            assertEquals(List.of("never read"), stalled.awaitSent(1));
            Wait.until("the stuck writer left once done", () -> writers.threads() == 1);
        }
    }

    @Test
    void closingEndsEveryThreadBeforeItReturns() {
        Writers writers = new Writers("closing", 3);
        RecordingRemote remote = new RecordingRemote();
        Outbox outbox = new Outbox(remote.session(), 10, writers, NoEvents.INSTANCE);
        outbox.start();
        outbox.offer(Frame.text("busy once"));
        assertEquals(List.of("busy once"), remote.awaitSent(1));
        writers.close();
        assertEquals(0, writers.threads(), "no writer left running for the container to report");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("closing-")),
                "nor the watchdog");
    }
}
