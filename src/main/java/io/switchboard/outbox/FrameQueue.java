package io.switchboard.outbox;

import java.util.concurrent.atomic.AtomicReference;

/**
 * An outbox's queue: many threads add, one takes (whoever holds the outbox's {@code writing} flag, which hands
 * the taking side from thread to thread with a happens-before edge). A linked queue where adding is one atomic
 * swap of the tail and one store, with no retry loop and no tail that lags behind removed nodes, so an offer
 * touches as little memory that another core wrote last as a hand-over allows (D. Vyukov's intrusive MPSC
 * queue). Exemption from the outbox's limit travels in the node, not in a wrapper.
 */
final class FrameQueue {

    /** One queued frame. */
    static final class Node {
        final Frame frame;
        final boolean exempt;
        volatile Node next;

        Node(Frame frame, boolean exempt) {
            this.frame = frame;
            this.exempt = exempt;
        }
    }

    private final AtomicReference<Node> tail;
    /** The last node taken (a sentinel); only the taking thread reads or moves it. */
    private Node head;

    FrameQueue() {
        Node sentinel = new Node(null, true);
        head = sentinel;
        tail = new AtomicReference<>(sentinel);
    }

    /** Adds a frame; any thread. The frame is visible to the taker once the adding thread returns. */
    void add(Frame frame, boolean exempt) {
        Node node = new Node(frame, exempt);
        tail.getAndSet(node).next = node;
    }

    /** The oldest frame's node, removed, or null when none is linked yet; the taking thread only. */
    Node poll() {
        Node next = head.next;
        if (next != null) {
            head = next;
        }
        return next;
    }

    /**
     * Whether a frame is linked and waiting; the taking thread only. A frame whose adder has swapped the tail
     * but not yet linked it may be missed: its adder schedules the outbox right after linking, so it is never
     * lost.
     */
    boolean hasNext() {
        return head.next != null;
    }
}
