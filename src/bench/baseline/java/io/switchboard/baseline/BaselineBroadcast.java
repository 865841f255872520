package io.switchboard.baseline;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's baseline broadcast ({@code /baseline/broadcast/{room}}): the simplest correct JSR-356 chat
 * room, as in Tomcat's own chat example. Each message is wrapped once in a chat envelope (the client's frame
 * as a JSON string, with the room and a seq) and sent to every member by a loop of blocking
 * {@code getBasicRemote().sendText} calls, each under that member's lock (a session allows one send at a
 * time). Built only by the {@code bench} profile.
 */
@ServerEndpoint("/broadcast/{room}")
public class BaselineBroadcast {
    private static final Map<String, Room> ROOMS = new ConcurrentHashMap<>();

    private static final class Room {
        final Set<Session> members = ConcurrentHashMap.newKeySet();
        final AtomicLong seq = new AtomicLong();
    }

    private Room room;
    private String roomName;

    @OnOpen
    public void onOpen(Session session, @PathParam("room") String name) {
        roomName = name;
        room = ROOMS.computeIfAbsent(name, n -> new Room());
        room.members.add(session);
    }

    @OnMessage(maxMessageSize = 8192) // Tomcat's default, stated: see BaselineEcho
    public void onMessage(String message) {
        String chat = "{\"type\":\"chat\",\"room\":" + quote(roomName) + ",\"seq\":" + room.seq.incrementAndGet()
                + ",\"message\":" + quote(message) + "}";
        for (Session member : room.members) {
            synchronized (member) {
                try {
                    if (member.isOpen()) {
                        member.getBasicRemote().sendText(chat);
                    }
                } catch (IOException | IllegalStateException e) {
                    room.members.remove(member);
                }
            }
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        room.members.remove(session);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        if (room != null) {
            room.members.remove(session);
        }
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
