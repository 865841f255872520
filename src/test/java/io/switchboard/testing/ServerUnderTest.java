package io.switchboard.testing;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running Switchboard as its clients reach it: HTTP and WebSocket on 127.0.0.1, under {@value #CONTEXT}. Every
 * test level has one: {@link TestServer} (the endpoints on embedded Tyrus), {@link EmbeddedTomcat} (the whole
 * application in a Tomcat inside the test JVM) and {@link #at(URI)} for a server outside the test JVM (the
 * integration tests' Arquillian deployment, the browser tests' Tomcat). Paths are relative to the application:
 * {@code "relay"}, {@code "broadcast/lobby"}, {@code "status"}. The clients that connect: {@link WsClient} (a
 * well-behaved one, {@code WsClient.connect(server.ws("echo"))}), {@link RelayClient} and {@link RawWebSocket}.
 */
public abstract class ServerUnderTest {
    /** The context root the application has everywhere. */
    public static final String CONTEXT = "/switchboard/";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** The port it listens on, at 127.0.0.1. */
    public abstract int port();

    /**
     * The server behind a URL of the application (for example Arquillian's deployment URL). Only its port is
     * taken: the host is always 127.0.0.1 (Payara Micro reports the machine's network address, but every server
     * here listens on loopback only).
     */
    public static ServerUnderTest at(URI application) {
        if (application == null) {
            throw new IllegalStateException("no URL for the server under test");
        }
        if (!application.getPath().startsWith(CONTEXT)) {
            throw new IllegalStateException("expected the application at " + CONTEXT + ", got " + application);
        }
        int port = application.getPort();
        return new ServerUnderTest() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public String toString() {
                return "server at " + http("");
            }
        };
    }

    /** {@code http://127.0.0.1:PORT/switchboard/PATH}. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path(path));
    }

    /** {@code ws://127.0.0.1:PORT/switchboard/PATH}. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path(path));
    }

    /** The request path of {@code path}, {@code /switchboard/PATH}, for clients that write their own request line. */
    public String path(String path) {
        return CONTEXT + (path.startsWith("/") ? path.substring(1) : path);
    }

    /** A plain GET, no Origin header. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(http(path)).GET());
    }

    /** A POST without a body. */
    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(http(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(20)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /status}, which must answer 200 with a JSON object. */
    public JsonObject status() {
        HttpResponse<String> response = get("status");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /status answered " + response.statusCode() + ": " + response.body());
        }
        return WsClient.parse(response.body());
    }

    /** A counter of {@code /status}, wherever it sits in the object; fails if it is missing. */
    public long statusCounter(String name) {
        JsonNumber number = findNumber(status(), name);
        if (number == null) {
            throw new AssertionError("/status has no number named " + name);
        }
        return number.longValue();
    }

    private static JsonNumber findNumber(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value instanceof JsonNumber number) {
            return number;
        }
        for (JsonValue child : object.values()) {
            if (child instanceof JsonObject nested) {
                JsonNumber found = findNumber(nested, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
