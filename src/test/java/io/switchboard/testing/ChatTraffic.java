package io.switchboard.testing;

import java.time.Duration;
import java.util.List;

/**
 * Paced chat traffic for fault tests: every {@code interval}, each {@link ChatMember} that is connected and has
 * no message awaiting its outcome sends its next one. Runs on one thread of its own until {@link #close()}.
 */
public final class ChatTraffic implements AutoCloseable {
    private final List<ChatMember> members;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sent;

    private ChatTraffic(List<ChatMember> members, Duration interval) {
        this.members = members;
        this.interval = interval;
        this.thread = new Thread(this::run, "chat-traffic");
        this.thread.setDaemon(true);
    }

    /** Starts the traffic: each member at most one message per {@code interval}. */
    public static ChatTraffic start(List<ChatMember> members, Duration interval) {
        ChatTraffic traffic = new ChatTraffic(members, interval);
        traffic.thread.start();
        return traffic;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            for (ChatMember member : members) {
                if (member.sendNext()) {
                    sent++;
                }
            }
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Messages sent so far. */
    public long sent() {
        return sent;
    }

    /** Stops sending (what was sent still gets its outcome). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
