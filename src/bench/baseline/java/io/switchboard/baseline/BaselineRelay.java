package io.switchboard.baseline;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's baseline relay ({@code /baseline/relay}): the simplest correct JSR-356 version of the
 * classic {@code id:text} tutorial. On open a client gets an id from a counter and a welcome in Switchboard's
 * shape ({@code {"type":"welcome","id":"7","peers":["3","5"]}}); a text frame {@code id:text} is forwarded to
 * that client as {@code {"type":"message","from":"7","text":"..."}} (Switchboard's shape too) by a blocking
 * {@code getBasicRemote().sendText} under the recipient's lock (a session allows one send at a time), on the
 * sender's thread. No joined/left notices, no acks. Built only by the {@code bench} profile.
 */
@ServerEndpoint("/relay")
public class BaselineRelay {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<String, Session> PEERS = new ConcurrentHashMap<>();

    private String id;

    @OnOpen
    public void onOpen(Session session) throws IOException {
        id = Long.toString(IDS.incrementAndGet());
        StringBuilder welcome = new StringBuilder("{\"type\":\"welcome\",\"id\":\"").append(id).append("\",\"peers\":[");
        boolean first = true;
        for (String peer : PEERS.keySet()) {
            welcome.append(first ? "" : ",").append('"').append(peer).append('"');
            first = false;
        }
        welcome.append("]}");
        synchronized (session) {
            session.getBasicRemote().sendText(welcome.toString());
        }
        PEERS.put(id, session);
    }

    @OnMessage(maxMessageSize = 8192) // Tomcat's default, stated: see BaselineEcho
    public void onMessage(Session session, String frame) throws IOException {
        int colon = frame.indexOf(':');
        Session to = colon > 0 ? PEERS.get(frame.substring(0, colon)) : null;
        if (to == null) {
            synchronized (session) {
                session.getBasicRemote().sendText("{\"type\":\"error\",\"code\":\"unknown-recipient\"}");
            }
            return;
        }
        String message = "{\"type\":\"message\",\"from\":\"" + id + "\",\"text\":"
                + BaselineBroadcast.quote(frame.substring(colon + 1)) + "}";
        synchronized (to) {
            try {
                if (to.isOpen()) {
                    to.getBasicRemote().sendText(message);
                }
            } catch (IOException | IllegalStateException e) {
                PEERS.remove(frame.substring(0, colon), to);
            }
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (id != null) {
            PEERS.remove(id, session);
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        if (id != null) {
            PEERS.remove(id, session);
        }
    }
}
