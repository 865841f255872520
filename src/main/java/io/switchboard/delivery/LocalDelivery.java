package io.switchboard.delivery;

import io.switchboard.protocol.DirectMessage;
import io.switchboard.protocol.ServerMessageEncoder;
import io.switchboard.session.Outbox;
import io.switchboard.session.Peer;
import io.switchboard.session.RelayDirectory;
import io.switchboard.session.Room;
import io.switchboard.session.Rooms;
import java.util.List;

/** {@link Delivery} within one node: messages go straight to the members and peers connected here. */
public final class LocalDelivery implements Delivery {
    private final Rooms rooms;
    private final RelayDirectory relay;

    public LocalDelivery(Rooms rooms, RelayDirectory relay) {
        this.rooms = rooms;
        this.relay = relay;
    }

    @Override
    public Outcome publish(String room, String username, String text) {
        Room target = rooms.existing(room);
        if (target == null) {
            return Outcome.UNKNOWN_RECIPIENT;
        }
        List<Outbox> congested = target.post(username, text);
        return congested.isEmpty() ? Outcome.DELIVERED : new Outcome(true, congested);
    }

    @Override
    public Outcome sendDirect(Peer sender, String toId, String text) {
        Peer recipient = relay.find(toId);
        if (recipient == null) {
            return Outcome.UNKNOWN_RECIPIENT;
        }
        Outbox outbox = recipient.outbox();
        String json = ServerMessageEncoder.INSTANCE.encodeToJson(new DirectMessage(sender.id(), sender.user(), text));
        if (!outbox.offer(json)) {
            return Outcome.UNKNOWN_RECIPIENT; // it just closed
        }
        return outbox.congested() ? new Outcome(true, List.of(outbox)) : Outcome.DELIVERED;
    }
}
