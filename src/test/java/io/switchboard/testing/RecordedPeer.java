package io.switchboard.testing;

import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Peer;
import io.switchboard.hub.Peers;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A peer registered with real {@link Peers} on a {@link RecordingRemote} instead of a network connection: for
 * unit tests of the hub and the broker that read exactly what each client was sent and how it was closed.
 */
public record RecordedPeer(Peer peer, RecordingRemote remote, List<CloseReason> closes) {

    public static RecordedPeer open(Peers peers, EndpointKind kind) {
        return open(peers, kind, new RecordingRemote());
    }

    /** Registers a peer whose outbox is started at once (frames are written as they are queued). */
    public static RecordedPeer open(Peers peers, EndpointKind kind, RecordingRemote remote) {
        List<CloseReason> closes = new ArrayList<>();
        AtomicReference<Peer> self = new AtomicReference<>();
        Peer peer = peers.open(remote.session(closes, () -> peers.ended(self.get())), kind);
        self.set(peer);
        peer.outbox().start();
        return new RecordedPeer(peer, remote, closes);
    }

    /** Text frames written so far, waiting until there are at least {@code count}. */
    public List<String> awaitText(int count) {
        Wait.until(count + " text frames for " + peer, () -> remote.sentText().size() >= count);
        return remote.sentText();
    }

    public synchronized boolean isClosed() {
        synchronized (closes) {
            return !closes.isEmpty();
        }
    }

    public CloseReason closeReason() {
        Wait.until(peer + " closed", this::isClosed);
        synchronized (closes) {
            return closes.get(0);
        }
    }
}
