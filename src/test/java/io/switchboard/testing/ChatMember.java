package io.switchboard.testing;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat room member that behaves like the page in a cluster: it stays in its room across failures. When its
 * connection ends (the node died, stopped with 1001, refused with 1013, closed with 1012 after a history reset)
 * it waits (the server's {@code retry in N ms} hint when there is one, else exponential backoff with jitter),
 * then reconnects to the next node of its list with {@code ?since=LAST&epoch=EPOCH}. It records every chat
 * message it receives with the room's epoch and seq, and what became of each message it sent: seen delivered
 * (its own chat came back), refused ({@code error}), or cut (the connection ended first; whether it was accepted
 * shows in the transcripts). It sends one message at a time: the next only once the last one's outcome is known.
 * Fault tests check the transcripts of a room's members against each other with {@link Transcripts}.
 */
public final class ChatMember implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "chat-member-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private static final Pattern RETRY_HINT = Pattern.compile("retry in (\\d+) ms");
    /** The first reconnect delay without a hint; it doubles per failed attempt, up to {@link #MAX_BACKOFF}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** One chat message as received: the history it belongs to, its seq and text. */
    public record Received(String epoch, long seq, String text) {
    }

    /** What became of a message this member sent. */
    public enum Outcome { DELIVERED, REFUSED, CUT }

    private final String name;
    private final String room;
    private final List<? extends ServerUnderTest> nodes;
    private int node;
    private int attempt;
    private boolean stopped;
    private Connection current;
    private boolean welcomed;
    private String epoch;
    private long lastSeq = -1;
    private int sent;
    private String outstanding;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final List<String> closes = new ArrayList<>();
    private final List<Long> hintsHonoured = new ArrayList<>();
    private int truncatedWelcomes;
    private int welcomes;

    private ChatMember(String name, String room, List<? extends ServerUnderTest> nodes, int firstNode) {
        this.name = name;
        this.room = room;
        this.nodes = nodes;
        this.node = firstNode;
    }

    /**
     * A member named {@code name} of {@code room}, connecting first to {@code nodes.get(firstNode)} and on each
     * reconnect to the next node of the list.
     */
    public static ChatMember join(String name, String room, List<? extends ServerUnderTest> nodes, int firstNode) {
        ChatMember member = new ChatMember(name, room, nodes, firstNode);
        member.connect();
        return member;
    }

    public String name() {
        return name;
    }

    public String room() {
        return room;
    }

    private synchronized void connect() {
        if (stopped) {
            return;
        }
        String query = lastSeq < 0 ? "" : "?since=" + lastSeq + (epoch == null ? "" : "&epoch=" + epoch);
        URI uri = nodes.get(node).ws("broadcast/" + room + query);
        Connection connection = new Connection();
        current = connection;
        welcomed = false;
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, connection)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        ended(connection, "connect failed: " + failure.getClass().getSimpleName(), null);
                    } else {
                        connection.opened(socket);
                    }
                });
    }

    /**
     * Sends the next message ({@code NAME#N}) if connected, welcomed and no message of its own is outstanding.
     *
     * @return whether it sent one
     */
    public synchronized boolean sendNext() {
        if (stopped || current == null || current.socket == null || !welcomed || outstanding != null) {
            return false;
        }
        String text = name + "#" + (++sent);
        outstanding = text;
        current.socket.sendText("{\"username\":\"" + name + "\",\"text\":\"" + text + "\"}", true);
        return true;
    }

    private synchronized void message(Connection connection, String frame) {
        if (connection != current) {
            return;
        }
        JsonObject json = WsClient.parse(frame);
        switch (json.getString("type", "")) {
            case "welcome" -> {
                welcomes++;
                welcomed = true;
                attempt = 0;
                String welcomeEpoch = json.getString("epoch", null);
                if (json.getBoolean("truncated", false)) {
                    truncatedWelcomes++;
                }
                if (lastSeq < 0) {
                    lastSeq = json.getJsonNumber("seq").longValue(); // first join: live from here
                } else if (welcomeEpoch != null && !welcomeEpoch.equals(epoch)) {
                    lastSeq = 0; // another history: the replay that follows starts at its beginning
                }
                epoch = welcomeEpoch;
            }
            case "chat" -> {
                long seq = json.getJsonNumber("seq").longValue();
                String text = json.getString("text");
                received.add(new Received(epoch, seq, text));
                lastSeq = seq;
                if (text.equals(outstanding)) {
                    outcomes.put(text, Outcome.DELIVERED);
                    outstanding = null;
                }
            }
            case "error" -> {
                if (outstanding != null) {
                    outcomes.put(outstanding, Outcome.REFUSED);
                    outstanding = null;
                }
            }
            default -> {
                // presence, pings
            }
        }
    }

    private synchronized void ended(Connection connection, String how, String reason) {
        if (connection != current) {
            return;
        }
        current = null;
        welcomed = false;
        closes.add(how);
        if (outstanding != null) {
            outcomes.put(outstanding, Outcome.CUT);
            outstanding = null;
        }
        if (stopped) {
            return;
        }
        long delay;
        Matcher hint = RETRY_HINT.matcher(reason == null ? "" : reason);
        if (hint.find()) {
            delay = Long.parseLong(hint.group(1));
            hintsHonoured.add(delay);
        } else {
            long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 10));
            delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        }
        attempt++;
        node = (node + 1) % nodes.size();
        TIMERS.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** Connected, welcomed and with no message of its own awaiting its outcome. */
    public synchronized boolean settled() {
        return welcomed && outstanding == null;
    }

    /** Whether it has received {@code seq} of {@code epoch} (or a later one). */
    public synchronized boolean reached(String roomEpoch, long seq) {
        return roomEpoch.equals(epoch) && lastSeq >= seq;
    }

    public synchronized String epoch() {
        return epoch;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized Map<String, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** How each connection ended ({@code "1001 server shutting down; retry in 734 ms"}, {@code "1006 ..."}). */
    public synchronized List<String> closes() {
        return List.copyOf(closes);
    }

    /** The reconnect delays the server asked for and this member waited. */
    public synchronized List<Long> hintsHonoured() {
        return List.copyOf(hintsHonoured);
    }

    public synchronized int welcomes() {
        return welcomes;
    }

    public synchronized int truncatedWelcomes() {
        return truncatedWelcomes;
    }

    /** Stops sending and reconnecting, and closes the connection. */
    @Override
    public void close() {
        Connection connection;
        synchronized (this) {
            stopped = true;
            connection = current;
        }
        if (connection != null && connection.socket != null) {
            connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Override
    public synchronized String toString() {
        return name + " in " + room + " (node " + node + ", epoch " + epoch + ", seq " + lastSeq + ", closes " + closes
                + ")";
    }

    /** One connection attempt and its socket. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();
        private volatile WebSocket socket;

        void opened(WebSocket webSocket) {
            socket = webSocket;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String frame = parts.toString();
                parts.setLength(0);
                message(this, frame);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(this, statusCode + " " + reason, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(this, "1006 " + error.getClass().getSimpleName(), null);
        }
    }
}
