package io.switchboard.baseline;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The benchmark's baseline echo ({@code /baseline/echo}): the simplest correct JSR-356 echo, a blocking send
 * of each whole message on the thread that read it. Built only by the {@code bench} profile.
 *
 * <p>{@code maxMessageSize} states Tomcat's own default (8 KiB) explicitly, so the baseline accepts the same
 * messages even if the server JVM lowers Tomcat's buffer default ({@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}).
 */
@ServerEndpoint("/echo")
public class BaselineEcho {

    @OnMessage(maxMessageSize = 8192)
    public void onText(Session session, String message) throws IOException {
        session.getBasicRemote().sendText(message);
    }

    @OnMessage(maxMessageSize = 8192)
    public void onBinary(Session session, ByteBuffer message) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }
}
