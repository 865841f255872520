package io.switchboard.broker;

import io.switchboard.hub.DurationHistogram;
import io.switchboard.hub.Hub;
import io.switchboard.hub.LocalRoom;
import io.switchboard.hub.Outcome;
import io.switchboard.hub.Peer;
import io.switchboard.outbox.Frame;
import io.switchboard.protocol.ChatMessage;
import io.switchboard.protocol.DirectMessage;
import io.switchboard.protocol.PeerJoined;
import io.switchboard.protocol.PeerLeft;
import io.switchboard.protocol.Presence;
import io.switchboard.protocol.RelayWelcome;
import io.switchboard.protocol.RoomWelcome;
import io.switchboard.protocol.ServerMessageEncoder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node broker: numbering and history in memory. A room's lock orders numbering, storing and the
 * hand-over to the hub, so every member sees seq order and a joining member's welcome and replay come before
 * any live message; under that lock only a number is joined into a prepared string and one frame is offered
 * per member. Rooms are created by their first member, up to {@code maxRooms}; an empty room idle for longer
 * than {@code idle} is removed, history and all.
 */
public final class MemoryBroker implements Broker {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ServerMessageEncoder ENCODER = ServerMessageEncoder.INSTANCE;

    private final Hub hub;
    private final DurationHistogram fanOut;
    private final int historySize;
    private final int maxRooms;
    private final long idleNanos;
    private final Map<String, MemoryRoom> rooms = new ConcurrentHashMap<>();
    /** Orders relay entries and departures, so a welcome's peer list and the joined/left notices agree. */
    private final Object relayLock = new Object();

    public MemoryBroker(Hub hub, int historySize, int maxRooms, Duration idle) {
        this(hub, historySize, maxRooms, idle, new DurationHistogram());
    }

    /**
     * @param fanOut records, per chat message, the time to number, store and queue it for every member on this
     *               node (the room lock's wait included)
     */
    public MemoryBroker(Hub hub, int historySize, int maxRooms, Duration idle, DurationHistogram fanOut) {
        this.fanOut = fanOut;
        this.hub = hub;
        this.historySize = historySize;
        this.maxRooms = maxRooms;
        this.idleNanos = idle.toNanos();
    }

    /** One room: its seq, its history and this node's members. */
    private final class MemoryRoom implements Room {
        final String name;
        final LocalRoom local;
        final ChatHistory history = new ChatHistory(historySize);
        long seq;
        long lastActivityNanos = System.nanoTime();
        boolean retired;

        MemoryRoom(String name) {
            this.name = name;
            this.local = hub.room(name);
        }

        @Override
        public String name() {
            return name;
        }

        synchronized boolean join(Peer peer, long since) {
            if (retired) {
                return false;
            }
            boolean replay = since >= 0;
            int members = local.size() + 1;
            peer.outbox().offerExempt(Frame.text(ENCODER.encodeToJson(
                    new RoomWelcome(name, seq, members, replay && history.truncatedAfter(since)))));
            if (replay) {
                history.replayAfter(since, peer.outbox()::offerExempt);
            }
            hub.deliver(local, Frame.text(ENCODER.encodeToJson(new Presence(name, members))));
            hub.join(local, peer);
            peer.membership(this::leave);
            return true;
        }

        synchronized void leave(Peer peer) {
            if (hub.leave(local, peer)) {
                lastActivityNanos = System.nanoTime();
                hub.deliver(local, Frame.text(ENCODER.encodeToJson(new Presence(name, local.size()))));
            }
        }

        synchronized Outcome post(ChatMessage.Unnumbered message) {
            long next = ++seq;
            lastActivityNanos = System.nanoTime();
            Frame.Text frame = Frame.text(message.numbered(next));
            history.add(next, frame);
            return Outcome.delivered(next, hub.deliver(local, frame));
        }

        synchronized List<String> history(long since) {
            List<String> messages = new ArrayList<>();
            history.replayAfter(since, frame -> messages.add(frame.text()));
            return messages;
        }

        synchronized boolean retireIfIdle(long nowNanos) {
            if (local.size() == 0 && nowNanos - lastActivityNanos >= idleNanos) {
                retired = true;
            }
            return retired;
        }

        synchronized RoomState state() {
            return new RoomState(name, seq, local.size());
        }
    }

    @Override
    public Room join(Peer peer, String name, long since) {
        while (true) {
            MemoryRoom room = existingOrNew(name);
            if (room == null || room.join(peer, since)) {
                return room;
            }
            // retired by the sweep between lookup and join: look again
        }
    }

    @Override
    public Room room(String name) {
        return existingOrNew(name);
    }

    @Override
    public List<String> history(String name, long since) {
        MemoryRoom room = rooms.get(name);
        return room == null ? List.of() : room.history(since);
    }

    /** The named room, created if there is room for one more; null at the room limit. */
    private MemoryRoom existingOrNew(String name) {
        MemoryRoom room = rooms.get(name);
        if (room == null) {
            if (rooms.size() >= maxRooms) {
                return null;
            }
            room = rooms.computeIfAbsent(name, MemoryRoom::new);
        }
        return room;
    }

    @Override
    public Outcome publish(Room room, String username, String text) {
        ChatMessage.Unnumbered message = ChatMessage.unnumbered(room.name(), username, text,
                TIME.format(Instant.now()));
        long start = System.nanoTime();
        Outcome outcome = ((MemoryRoom) room).post(message);
        fanOut.record(System.nanoTime() - start);
        return outcome;
    }

    @Override
    public RoomState describe(String name) {
        MemoryRoom room = rooms.get(name);
        return room == null ? null : room.state();
    }

    @Override
    public void enterRelay(Peer peer) {
        synchronized (relayLock) {
            List<String> others = new ArrayList<>();
            for (Peer other : hub.relayPeers()) {
                others.add(other.id());
            }
            others.sort(MemoryBroker::byNumericId);
            peer.outbox().offerExempt(Frame.text(ENCODER.encodeToJson(new RelayWelcome(peer.id(), peer.user(), others))));
            hub.deliverToRelay(Frame.text(ENCODER.encodeToJson(new PeerJoined(peer.id(), peer.user()))), peer);
            hub.addRelayPeer(peer);
            peer.membership(this::leaveRelay);
        }
    }

    private void leaveRelay(Peer peer) {
        synchronized (relayLock) {
            if (hub.removeRelayPeer(peer)) {
                hub.deliverToRelay(Frame.text(ENCODER.encodeToJson(new PeerLeft(peer.id(), peer.user()))), peer);
            }
        }
    }

    @Override
    public Outcome sendDirect(String fromId, String fromUser, String toId, String text) {
        Peer recipient = hub.relayPeer(toId);
        if (recipient == null) {
            return Outcome.UNKNOWN_RECIPIENT;
        }
        return hub.deliverTo(recipient, Frame.text(ENCODER.encodeToJson(new DirectMessage(fromId, fromUser, text))));
    }

    @Override
    public void sweep(long nowNanos) {
        for (MemoryRoom room : rooms.values()) {
            if (room.retireIfIdle(nowNanos)) {
                hub.forget(room.local);
                rooms.remove(room.name, room);
            }
        }
    }

    @Override
    public int rooms() {
        return rooms.size();
    }

    @Override
    public int relayPeers() {
        return hub.relayPeers().size();
    }

    private static int byNumericId(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
