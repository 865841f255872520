package io.switchboard.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every room of this node by name. A room is created by its first member, up to {@code maxRooms}; an empty
 * room whose last activity is older than {@code idle} is removed, history and all, so memory does not grow
 * with every room name ever used.
 */
public final class Rooms {
    private final Map<String, Room> byName = new ConcurrentHashMap<>();
    private final int historySize;
    private final int maxRooms;
    private final long idleNanos;

    public Rooms(int historySize, int maxRooms, Duration idle) {
        this.historySize = historySize;
        this.maxRooms = maxRooms;
        this.idleNanos = idle.toNanos();
    }

    /** The room with this name, or null if it does not exist. */
    public Room existing(String name) {
        return byName.get(name);
    }

    public int count() {
        return byName.size();
    }

    /**
     * Adds {@code peer} to the named room, creating it if there is room for one more.
     *
     * @return false when the room would be new and {@code maxRooms} exist
     */
    boolean join(String name, Peer peer, long since) {
        while (true) {
            Room room = byName.get(name);
            if (room == null) {
                if (byName.size() >= maxRooms) {
                    return false;
                }
                room = byName.computeIfAbsent(name, n -> new Room(n, historySize));
            }
            if (room.join(peer, since)) {
                return true;
            }
            // removed by the sweep between lookup and join: look again
        }
    }

    /** Removes empty rooms idle for longer than the configured time. */
    void sweep(long nowNanos) {
        for (Room room : byName.values()) {
            if (room.retireIfIdle(nowNanos, idleNanos)) {
                byName.remove(room.name(), room);
            }
        }
    }
}
