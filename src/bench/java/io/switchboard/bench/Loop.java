package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread serving many connections: connects, reads and parses frames, runs the receivers, and
 * writes what they send: at once, one write call per frame (the default), or, with {@code -Dbench.writes=coalesced},
 * once per connection at the end of the pass (as event-loop clients that flush per pass do).
 */
final class Loop implements Runnable {
    static final int READ_BUFFER = 1 << 20;

    final Selector selector;
    final Thread thread;
    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    final Msg msg = new Msg();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Conn> dirty = new ArrayList<>();
    private volatile boolean running = true;
    boolean inPass;

    Loop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** A connection that was sent to during this pass: flushed at its end. */
    void markDirty(Conn conn) {
        dirty.add(conn);
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(250);
                inPass = true;
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    conn.ready(key);
                }
                inPass = false;
                for (int i = 0; i < dirty.size(); i++) {
                    dirty.get(i).flushFromLoop();
                }
                dirty.clear();
            } catch (IOException | RuntimeException e) {
                inPass = false;
                e.printStackTrace(System.out);
            }
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException | IOException ignored) {
            // shutting down
        }
    }
}
