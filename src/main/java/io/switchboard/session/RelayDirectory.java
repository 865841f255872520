package io.switchboard.session;

import io.switchboard.protocol.PeerJoined;
import io.switchboard.protocol.PeerLeft;
import io.switchboard.protocol.RelayWelcome;
import io.switchboard.protocol.ServerMessageEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is reachable on the relay, by id. Entering and leaving are serialised so that the peer list in a
 * welcome and the joined/left notices never contradict each other; lookups for delivery take no lock.
 */
public final class RelayDirectory {
    private final ServerMessageEncoder encoder = ServerMessageEncoder.INSTANCE;
    private final Map<String, Peer> byId = new ConcurrentHashMap<>();

    /** The relay peer with this id, or null. */
    public Peer find(String id) {
        return byId.get(id);
    }

    public int size() {
        return byId.size();
    }

    /**
     * Makes a (held) peer addressable and queues its welcome ahead of anything addressed to it meanwhile; the
     * others are told it joined.
     */
    synchronized void enter(Peer peer) {
        List<String> others = new ArrayList<>(byId.keySet());
        others.sort(RelayDirectory::byNumericId);
        String joined = encoder.encodeToJson(new PeerJoined(peer.id(), peer.user()));
        for (Peer other : byId.values()) {
            other.outbox().offer(joined);
        }
        byId.put(peer.id(), peer);
        peer.outbox().offerFirst(encoder.encodeToJson(new RelayWelcome(peer.id(), peer.user(), others)));
    }

    synchronized void leave(Peer peer) {
        if (byId.remove(peer.id(), peer)) {
            String left = encoder.encodeToJson(new PeerLeft(peer.id(), peer.user()));
            for (Peer other : byId.values()) {
                other.outbox().offer(left);
            }
        }
    }

    private static int byNumericId(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
