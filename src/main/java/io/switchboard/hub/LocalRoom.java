package io.switchboard.hub;

import java.util.Arrays;
import java.util.List;

/**
 * The members of one room connected to this node. Joins and leaves copy the array; fan-out reads it without a
 * lock, so delivering to a room costs one volatile read and one offer per member.
 */
public final class LocalRoom {
    private static final Peer[] NOBODY = new Peer[0];

    private final String name;
    private volatile Peer[] members = NOBODY;

    LocalRoom(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public int size() {
        return members.length;
    }

    Peer[] members() {
        return members;
    }

    /** The members now (a copy), for a broker that must act on each of them (rarely: not on the delivery path). */
    public List<Peer> memberList() {
        return List.of(members);
    }

    synchronized void add(Peer peer) {
        Peer[] grown = Arrays.copyOf(members, members.length + 1);
        grown[members.length] = peer;
        members = grown;
    }

    synchronized boolean remove(Peer peer) {
        Peer[] current = members;
        int index = Arrays.asList(current).indexOf(peer);
        if (index < 0) {
            return false;
        }
        Peer[] shrunk = new Peer[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, index);
        System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
        members = shrunk;
        return true;
    }
}
