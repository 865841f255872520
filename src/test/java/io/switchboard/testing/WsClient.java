package io.switchboard.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A WebSocket test client on the JDK's {@link java.net.http.WebSocket}: it records every frame it receives, in
 * order, and the close code. It answers pings (the JDK does so itself), like a healthy browser.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder textParts = new StringBuilder();
    private WebSocket socket;

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not connect to " + uri, e);
        }
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (textParts) {
            textParts.append(data);
            if (last) {
                frames.add(textParts.toString());
                textParts.setLength(0);
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        frames.add(copy);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(ByteBuffer bytes) {
        socket.sendBinary(bytes, true).join();
    }

    /** The next frame, whatever it is; fails after {@link #TIMEOUT}. */
    public Object next() {
        try {
            Object frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + TIMEOUT);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be text. */
    public String nextText() {
        Object frame = next();
        if (!(frame instanceof String text)) {
            throw new AssertionError("expected a text frame, got " + frame);
        }
        return text;
    }

    public JsonObject nextJson() {
        return parse(nextText());
    }

    /** The next message as JSON if one arrives within {@code wait}, else null. */
    public JsonObject nextJsonWithin(Duration wait) {
        try {
            Object frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return frame == null ? null : parse((String) frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next JSON message of {@code type}, skipping others (for example presence notices). */
    public JsonObject next(String type) {
        return nextMatching(json -> type.equals(json.getString("type", null)));
    }

    public JsonObject nextMatching(Predicate<JsonObject> wanted) {
        while (true) {
            JsonObject json = nextJson();
            if (wanted.test(json)) {
                return json;
            }
        }
    }

    /** Fails if any frame arrives within {@code quiet}. */
    public void expectNothing(Duration quiet) {
        try {
            Object frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null) {
                throw new AssertionError("expected no frame, got " + frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fails if a JSON message of {@code type} arrives within {@code quiet}; other messages (a late presence notice,
     * for example) are taken and ignored.
     */
    public void expectNo(String type, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        for (long left = quiet.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            JsonObject json = nextJsonWithin(Duration.ofNanos(left));
            if (json != null && type.equals(json.getString("type", null))) {
                throw new AssertionError("expected no " + type + ", got " + json);
            }
        }
    }

    /** Frames received but not yet taken. */
    public int pending() {
        return frames.size();
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        try {
            return closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("connection did not close within " + TIMEOUT, e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone() || socket.isInputClosed();
    }

    public static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (CompletionException | IllegalStateException e) {
                // already closing
            }
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
