package io.switchboard.baseline;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The benchmark's baseline echo ({@code /baseline/echo}): the simplest correct JSR-356 echo, a blocking send
 * of each whole message on the thread that read it. Built only by the {@code bench} profile.
 */
@ServerEndpoint("/echo")
public class BaselineEcho {

    @OnMessage
    public void onText(Session session, String message) throws IOException {
        session.getBasicRemote().sendText(message);
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer message) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }
}
