package io.switchboard.session;

import io.switchboard.protocol.ChatMessage;
import io.switchboard.protocol.Presence;
import io.switchboard.protocol.RoomWelcome;
import io.switchboard.protocol.ServerMessageEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chat room: its members, its {@code seq} counter and its history. One lock orders everything that happens
 * in the room, so every member sees the same messages in seq order, and a joining member gets its welcome and
 * replay before any live message. The fan-out under that lock only queues one shared string per member.
 */
public final class Room {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Peer[] NOBODY = new Peer[0];

    private final String name;
    private final ServerMessageEncoder encoder = ServerMessageEncoder.INSTANCE;
    private final ChatHistory history;
    private long seq;
    private Peer[] members = NOBODY;
    private long lastActivityNanos = System.nanoTime();
    private boolean retired;

    Room(String name, int historySize) {
        this.name = name;
        this.history = new ChatHistory(historySize);
    }

    public String name() {
        return name;
    }

    public synchronized long seq() {
        return seq;
    }

    public synchronized int members() {
        return members.length;
    }

    /**
     * Numbers, stores and fans out one chat message.
     *
     * @return the outboxes that are now congested (for back-pressure on the publisher), usually none
     */
    public synchronized List<Outbox> post(String username, String text) {
        long next = ++seq;
        lastActivityNanos = System.nanoTime();
        String json = encoder.encodeToJson(
                new ChatMessage(name, next, username, text, TIME.format(Instant.now())));
        history.add(next, json);
        List<Outbox> congested = List.of();
        for (Peer member : members) {
            Outbox outbox = member.outbox();
            outbox.offer(json);
            if (outbox.congested()) {
                if (congested.isEmpty()) {
                    congested = new ArrayList<>(2);
                }
                congested.add(outbox);
            }
        }
        return congested;
    }

    /**
     * Adds a member: it receives the welcome, then every retained message after {@code since} (when
     * {@code since >= 0}), then live messages; the others get the new member count.
     *
     * @return false if this room was retired (the caller looks it up again)
     */
    synchronized boolean join(Peer peer, long since) {
        if (retired) {
            return false;
        }
        boolean replay = since >= 0;
        peer.outbox().offerExempt(encoder.encodeToJson(
                new RoomWelcome(name, seq, members.length + 1, replay && history.truncatedAfter(since))));
        if (replay) {
            history.replayAfter(since, json -> peer.outbox().offerExempt(json));
        }
        announcePresence(members.length + 1);
        Peer[] grown = Arrays.copyOf(members, members.length + 1);
        grown[members.length] = peer;
        members = grown;
        return true;
    }

    /** Removes a member and tells the others; false if it was not one. */
    synchronized boolean leave(Peer peer) {
        int index = Arrays.asList(members).indexOf(peer);
        if (index < 0) {
            return false;
        }
        Peer[] shrunk = new Peer[members.length - 1];
        System.arraycopy(members, 0, shrunk, 0, index);
        System.arraycopy(members, index + 1, shrunk, index, members.length - index - 1);
        members = shrunk;
        lastActivityNanos = System.nanoTime();
        announcePresence(shrunk.length);
        return true;
    }

    /** Marks the room retired if it is empty and idle; a retired room takes no more members. */
    synchronized boolean retireIfIdle(long nowNanos, long idleNanos) {
        if (members.length == 0 && nowNanos - lastActivityNanos >= idleNanos) {
            retired = true;
        }
        return retired;
    }

    /** Tells the current members (not a joining one: its welcome has the count) how many are in the room. */
    private void announcePresence(int count) {
        String json = encoder.encodeToJson(new Presence(name, count));
        for (Peer member : members) {
            member.outbox().offer(json);
        }
    }
}
