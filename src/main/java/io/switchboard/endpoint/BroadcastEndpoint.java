package io.switchboard.endpoint;

import io.switchboard.protocol.ChatPost;
import io.switchboard.protocol.ChatPostDecoder;
import io.switchboard.protocol.ProtocolError;
import io.switchboard.security.HandshakeFilter;
import io.switchboard.security.OriginCheckConfigurator;
import io.switchboard.session.CloseReasons;
import io.switchboard.session.EndpointKind;
import io.switchboard.session.RoomName;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code /broadcast/{room}}: chat rooms where every message reaches every member, numbered by the room's
 * {@code seq}; {@code ?since=N} replays what the client missed. {@link LobbyEndpoint} serves the default room.
 */
@ServerEndpoint(value = "/broadcast/{room}", configurator = OriginCheckConfigurator.class,
        subprotocols = HandshakeFilter.BEARER)
public class BroadcastEndpoint extends SwitchboardEndpoint {
    /** No {@code since} parameter: no replay. */
    private static final long NO_REPLAY = -1;

    private final ChatPostDecoder decoder = new ChatPostDecoder();
    private String room;

    @OnOpen
    public void onOpen(Session session) {
        room = session.getPathParameters().getOrDefault("room", RoomName.LOBBY);
        if (!RoomName.isValid(room)) {
            refuse(session, CloseReasons.INVALID_ROOM);
            return;
        }
        long since = since(session);
        if (since < NO_REPLAY) {
            refuse(session, CloseReasons.INVALID_SINCE);
            return;
        }
        if (open(session, EndpointKind.BROADCAST) != null && !registry.joinRoom(peer, room, since)) {
            registry.evict(peer, CloseReasons.ROOM_LIMIT);
        }
    }

    @OnMessage
    public void onText(String part, boolean last) {
        String frame = wholeText(part, last);
        if (frame == null) {
            return;
        }
        ChatPost post;
        try {
            post = decoder.decode(frame).validated(registry.config().textMaxChars(), peer.user() == null);
        } catch (ProtocolError e) {
            reply(e.toReply(null));
            return;
        }
        String username = peer.user() != null ? peer.user() : post.username();
        registry.delivery().publish(room, username, post.text()).applyBackPressure();
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last) {
        registry.evict(peer, CloseReasons.BINARY_NOT_ACCEPTED);
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
