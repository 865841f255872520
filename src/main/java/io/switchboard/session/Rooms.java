package io.switchboard.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every room of this node by name, created on first use; a room keeps its history when its members leave. */
public final class Rooms {
    private final Map<String, Room> byName = new ConcurrentHashMap<>();
    private final int historySize;

    public Rooms(int historySize) {
        this.historySize = historySize;
    }

    /** The room with this (already validated) name, created if needed. */
    public Room room(String name) {
        return byName.computeIfAbsent(name, n -> new Room(n, historySize));
    }

    public int count() {
        return byName.size();
    }
}
