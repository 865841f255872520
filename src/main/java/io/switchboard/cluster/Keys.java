package io.switchboard.cluster;

/** Redis key and channel names (see {@link Scripts} for what each holds). */
final class Keys {
    static final String PREFIX = "sb:";
    static final String ROOMS = PREFIX + "rooms";
    static final String NODES = PREFIX + "nodes";
    static final String RELAY = PREFIX + "relay";
    /** The channel for relay joined/left notices. */
    static final String RELAY_CHANNEL = PREFIX + "relay";
    static final String ROOM_CHANNEL_PREFIX = PREFIX + "room:";
    static final String NODE_CHANNEL_PREFIX = PREFIX + "node:";

    static String room(String name) {
        return ROOM_CHANNEL_PREFIX + name;
    }

    static String roomLog(String name) {
        return room(name) + ":log";
    }

    static String roomMembers(String name) {
        return room(name) + ":members";
    }

    /** Set for a moment by a node whose member of the room cannot keep up: publishers pause (back-pressure). */
    static String roomBusy(String name) {
        return room(name) + ":busy";
    }

    /** A room's channel has the name of its meta key. */
    static String roomChannel(String name) {
        return room(name);
    }

    static String nodeRooms(String node) {
        return NODE_CHANNEL_PREFIX + node + ":rooms";
    }

    static String nodeRelay(String node) {
        return NODE_CHANNEL_PREFIX + node + ":relay";
    }

    static String nodeChannel(String node) {
        return NODE_CHANNEL_PREFIX + node;
    }

    private Keys() {
    }
}
