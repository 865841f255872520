package io.switchboard.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.RecordingRemote;
import io.switchboard.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Many publishers and replying readers on many outboxes at once: every frame is written, once, in each sender's order. */
class OutboxRaceTest {
    @Test
    void noFrameIsLostOrDoubledWhenOffersRepliesAndWritersRace() throws Exception {
        try (Writers writers = new Writers("race-writer", 2)) {
            int outboxes = 50;
            int perThread = 4_000;
            List<RecordingRemote> remotes = new ArrayList<>();
            List<Outbox> boxes = new ArrayList<>();
            for (int i = 0; i < outboxes; i++) {
                RecordingRemote remote = new RecordingRemote();
                Outbox outbox = new Outbox(remote.session(), 1_000_000, writers, NoEvents.INSTANCE);
                outbox.start();
                remotes.add(remote);
                boxes.add(outbox);
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < perThread; i++) {
                        Outbox outbox = boxes.get(random.nextInt(outboxes));
                        Frame frame = Frame.text(thread + ":" + i);
                        if (random.nextInt(4) == 0) {
                            outbox.reply(frame);
                        } else {
                            outbox.offer(frame);
                        }
                        if (random.nextInt(500) == 0) {
                            Thread.yield();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            Wait.until("every frame written", () -> remotes.stream().mapToInt(r -> r.sent().size()).sum() == 4 * perThread);
            for (RecordingRemote remote : remotes) {
                for (int t = 0; t < 4; t++) {
                    String prefix = t + ":";
                    List<Integer> own = remote.sentText().stream().filter(s -> s.startsWith(prefix))
                            .map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
                    assertEquals(own.stream().sorted().toList(), own, "in each sender's order");
                }
                assertEquals(1, remote.maxConcurrentWrites());
            }
        }
    }
}
