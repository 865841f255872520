package io.switchboard.testing;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The container's async remote endpoint, reduced to what unit tests of the outbox and registry need: it records
 * frames in send order and completes each send at once ({@code autoComplete}) or when the test says, so the
 * one-send-in-flight rule and overflow can be observed exactly.
 */
public final class RecordingRemote implements RemoteEndpoint.Async {
    public static final Object PING = "<ping>";

    private final List<Object> sent = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private volatile boolean autoComplete;
    private int maxInFlight;

    public RecordingRemote(boolean autoComplete) {
        this.autoComplete = autoComplete;
    }

    /** A Session whose async remote is this one; {@code closes} collects close reasons. */
    public jakarta.websocket.Session session(List<jakarta.websocket.CloseReason> closes) {
        Map<String, Object> userProperties = new HashMap<>();
        return (jakarta.websocket.Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.websocket.Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> this;
                    case "getUserProperties" -> userProperties;
                    case "isOpen" -> closes.isEmpty();
                    case "getUserPrincipal" -> null;
                    case "close" -> {
                        closes.add(args == null ? null : (jakarta.websocket.CloseReason) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RecordingSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    public synchronized List<Object> sent() {
        return new ArrayList<>(sent);
    }

    public synchronized List<String> sentText() {
        return sent.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The most sends that were ever in flight at once: the outbox promises 1. */
    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    public synchronized int inFlight() {
        return pending.size();
    }

    /** Completes the oldest pending send successfully. */
    public void completeOne() {
        SendHandler handler;
        synchronized (this) {
            handler = pending.remove(0);
        }
        handler.onResult(new SendResult());
    }

    /** Completes pending sends and every later one at once. */
    public void completeAll() {
        autoComplete = true;
        while (inFlight() > 0) {
            completeOne();
        }
    }

    private void record(Object frame, SendHandler handler) {
        boolean now;
        synchronized (this) {
            sent.add(frame);
            pending.add(handler);
            maxInFlight = Math.max(maxInFlight, pending.size());
            now = autoComplete;
        }
        if (now) {
            completeOne();
        }
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        record(text, handler);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        record(data, handler);
    }

    @Override
    public synchronized void sendPing(ByteBuffer applicationData) {
        sent.add(PING);
    }

    @Override
    public long getSendTimeout() {
        return 0;
    }

    @Override
    public void setSendTimeout(long timeoutmillis) {
    }

    @Override
    public Future<Void> sendText(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendObject(Object data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setBatchingAllowed(boolean allowed) {
    }

    @Override
    public boolean getBatchingAllowed() {
        return false;
    }

    @Override
    public void flushBatch() {
    }

    @Override
    public void sendPong(ByteBuffer applicationData) {
        throw new UnsupportedOperationException();
    }
}
