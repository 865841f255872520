package io.switchboard.endpoint;

import io.switchboard.broker.BrokerUnavailableException;
import io.switchboard.broker.Room;
import io.switchboard.hub.CloseReasons;
import io.switchboard.hub.EndpointKind;
import io.switchboard.hub.Outcome;
import io.switchboard.outbox.Frame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ChatPost;
import io.switchboard.protocol.ChatPostDecoder;
import io.switchboard.protocol.ProtocolError;
import io.switchboard.protocol.RoomName;
import io.switchboard.protocol.ServerMessageEncoder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.List;

/**
 * {@code /broadcast/{room}} and {@code /broadcast} (the room {@code lobby}): chat rooms where every message
 * reaches every member, numbered by the room's {@code seq}; {@code ?since=N} replays what the client missed.
 */
public final class BroadcastEndpoint extends SwitchboardEndpoint {
    /** No {@code since} parameter: no replay. */
    private static final long NO_REPLAY = -1;
    /** The answer to a chat message the broker could not take (cluster mode, Redis down); the same frame every time. */
    private static final Frame UNAVAILABLE = Frame.text(ServerMessageEncoder.INSTANCE.encodeToJson(new ErrorReply(
            ErrorCode.UNAVAILABLE.wireName(), "the message was not accepted: the broker cannot be reached; try again",
            null)));

    private final ChatPostDecoder decoder = new ChatPostDecoder();
    private String roomName;
    private long since;
    private String epoch;
    private Room room;

    public BroadcastEndpoint(Services services) {
        super(services);
    }

    @Override
    protected EndpointKind kind() {
        return EndpointKind.BROADCAST;
    }

    @Override
    protected CloseReason refusal(Session session) {
        roomName = session.getPathParameters().getOrDefault("room", RoomName.LOBBY);
        if (!RoomName.isValid(roomName)) {
            return CloseReasons.INVALID_ROOM;
        }
        since = since(session);
        List<String> epochs = session.getRequestParameterMap().get("epoch");
        epoch = epochs == null || epochs.isEmpty() ? null : epochs.get(0);
        return since < NO_REPLAY ? CloseReasons.INVALID_SINCE : null;
    }

    @Override
    protected void opened(Session session) {
        try {
            room = services.broker().join(peer, roomName, since, epoch);
        } catch (BrokerUnavailableException e) {
            services.peers().evict(peer, CloseReasons.UNAVAILABLE);
            return;
        }
        if (room == null) {
            services.peers().evict(peer, CloseReasons.ROOM_LIMIT);
        }
    }

    @Override
    protected void onText(String frame) {
        if (room == null) {
            return;
        }
        ChatPost post;
        try {
            post = decoder.decode(frame).validated(services.config().textMaxChars(), peer.user() == null);
        } catch (ProtocolError e) {
            reply(e.toReply(null));
            return;
        }
        String username = peer.user() != null ? peer.user() : post.username();
        Outcome outcome = services.broker().publish(room, username, post.text());
        if (outcome.status() == Outcome.Status.UNAVAILABLE) {
            reply(UNAVAILABLE);
            return;
        }
        outcome.applyBackPressure();
    }

    /** The {@code since} query parameter: {@link #NO_REPLAY} when absent, below that when invalid. */
    private static long since(Session session) {
        List<String> values = session.getRequestParameterMap().get("since");
        if (values == null || values.isEmpty()) {
            return NO_REPLAY;
        }
        try {
            long since = Long.parseLong(values.get(0));
            return since >= 0 ? since : NO_REPLAY - 1;
        } catch (NumberFormatException e) {
            return NO_REPLAY - 1;
        }
    }
}
