package io.switchboard.web;

import io.switchboard.broker.Broker;
import io.switchboard.broker.Room;
import io.switchboard.broker.RoomState;
import io.switchboard.hub.Outcome;
import io.switchboard.protocol.ChatPost;
import io.switchboard.protocol.ChatPostDecoder;
import io.switchboard.protocol.DirectPost;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolError;
import io.switchboard.protocol.RelaySend;
import io.switchboard.protocol.RoomName;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP publish API for backends, under {@code /api}; off (404 for everything) unless {@code switchboard.api.token}
 * is set, and then every request needs {@code Authorization: Bearer <token>} (401 otherwise, before anything else
 * is looked at):
 * <ul>
 * <li>{@code POST /api/rooms/{room}/messages} {@code {"username","text"}}: published through the broker exactly as
 * a member's message: 201 {@code {"room","seq"}};</li>
 * <li>{@code POST /api/relay/{id}/messages} {@code {"text"}}: a direct message from {@code "server"}: 202
 * {@code {"to"}} once queued, 404 {@code unknown-recipient} when no client has that id;</li>
 * <li>{@code GET /api/rooms/{room}/messages?since=N}: the retained history after {@code N} (default 0), as
 * members received it: {@code {"room","seq","messages":[...]}};</li>
 * <li>{@code GET /api/rooms/{room}}: {@code {"room","seq","members"}}.</li>
 * </ul>
 * Validation and error codes are the WebSocket protocol's ({@code bad-json}, {@code unknown-type},
 * {@code invalid-field}, {@code unknown-recipient}) with their {@code error} body and status 400 (404 for an
 * unknown recipient); besides: 401 {@code unauthorized}, 404 {@code unknown-room} / {@code not-found}, 405
 * {@code method-not-allowed}, 413 {@code too-big} (body over {@code switchboard.maxMessageBytes}), 503
 * {@code unavailable} (room limit reached, broker unreachable).
 */
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The sender id of every direct message from the API. */
    public static final String SERVER = "server";

    private final transient BearerToken token;
    private final transient Broker broker;
    private final int maxMessageBytes;
    private final int textMaxChars;

    /** {@code token} null: the API is off. */
    public ApiServlet(String token, Broker broker, int maxMessageBytes, int textMaxChars) {
        this.token = new BearerToken(token);
        this.broker = broker;
        this.maxMessageBytes = maxMessageBytes;
        this.textMaxChars = textMaxChars;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!token.required()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!token.admits(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard-api\"");
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "a valid bearer token is required");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/", -1);
        // "", "rooms", name [, "messages"]  |  "", "relay", id, "messages"
        boolean rooms = parts.length >= 3 && parts[0].isEmpty() && parts[1].equals("rooms");
        boolean relay = parts.length == 4 && parts[0].isEmpty() && parts[1].equals("relay") && parts[3].equals("messages");
        String method = request.getMethod();
        if (rooms && parts.length == 4 && parts[3].equals("messages")) {
            if (method.equals("POST")) {
                publish(request, response, parts[2]);
            } else if (method.equals("GET")) {
                history(request, response, parts[2]);
            } else {
                notAllowed(response, "GET, POST");
            }
        } else if (rooms && parts.length == 3) {
            if (method.equals("GET")) {
                describe(response, parts[2]);
            } else {
                notAllowed(response, "GET");
            }
        } else if (relay) {
            if (method.equals("POST")) {
                sendDirect(request, response, parts[2]);
            } else {
                notAllowed(response, "POST");
            }
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not-found", "no such API resource");
        }
    }

    private void publish(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        if (!validRoom(response, name)) {
            return;
        }
        String body = body(request, response);
        if (body == null) {
            return;
        }
        ChatPost post;
        try {
            post = new ChatPostDecoder().decode(body).validated(textMaxChars, true);
        } catch (ProtocolError e) {
            protocolError(response, HttpServletResponse.SC_BAD_REQUEST, e);
            return;
        }
        Room room = broker.room(name);
        if (room == null) {
            error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable", "room limit reached");
            return;
        }
        Outcome outcome = broker.publish(room, post.username(), post.text());
        if (!outcome.delivered()) {
            error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable", "the broker cannot be reached");
            return;
        }
        // Congested members slow this publisher as they would a WebSocket one (bounded wait).
        outcome.applyBackPressure();
        JsonResponse.write(response, HttpServletResponse.SC_CREATED, "{\"room\":" + Json.JSONB.toJson(name) + ",\"seq\":" + outcome.seq() + "}");
    }

    private void sendDirect(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        String body = body(request, response);
        if (body == null) {
            return;
        }
        RelaySend send;
        try {
            send = DirectPost.decode(body).toSend(id, textMaxChars);
        } catch (ProtocolError e) {
            protocolError(response, HttpServletResponse.SC_BAD_REQUEST, e);
            return;
        }
        Outcome outcome = broker.sendDirect(SERVER, null, send.to(), send.text());
        switch (outcome.status()) {
            case DELIVERED -> JsonResponse.write(response, HttpServletResponse.SC_ACCEPTED, "{\"to\":" + Json.JSONB.toJson(id) + "}");
            case UNKNOWN_RECIPIENT -> error(response, HttpServletResponse.SC_NOT_FOUND,
                    ErrorCode.UNKNOWN_RECIPIENT.wireName(), "no client with id '" + id + "' is connected");
            default -> error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable",
                    "the broker cannot be reached");
        }
    }

    private void history(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        if (!validRoom(response, name)) {
            return;
        }
        long since = 0;
        String raw = request.getParameter("since");
        if (raw != null) {
            try {
                since = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                since = -1;
            }
            if (since < 0) {
                error(response, HttpServletResponse.SC_BAD_REQUEST, ErrorCode.INVALID_FIELD.wireName(),
                        "'since' must be a non-negative integer");
                return;
            }
        }
        RoomState state = broker.describe(name);
        if (state == null) {
            unknownRoom(response, name);
            return;
        }
        List<String> messages = broker.history(name, since);
        StringBuilder body = new StringBuilder("{\"room\":").append(Json.JSONB.toJson(name))
                .append(",\"seq\":").append(state.seq()).append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            body.append(i == 0 ? "" : ",").append(messages.get(i)); // already JSON, as members received them
        }
        JsonResponse.write(response, HttpServletResponse.SC_OK, body.append("]}").toString());
    }

    private void describe(HttpServletResponse response, String name) throws IOException {
        if (!validRoom(response, name)) {
            return;
        }
        RoomState state = broker.describe(name);
        if (state == null) {
            unknownRoom(response, name);
            return;
        }
        JsonResponse.write(response, HttpServletResponse.SC_OK, "{\"room\":" + Json.JSONB.toJson(name) + ",\"seq\":" + state.seq()
                + ",\"members\":" + state.members() + "}");
    }

    private boolean validRoom(HttpServletResponse response, String name) throws IOException {
        if (RoomName.isValid(name)) {
            return true;
        }
        error(response, HttpServletResponse.SC_BAD_REQUEST, ErrorCode.INVALID_FIELD.wireName(), "invalid room name");
        return false;
    }

    private static void unknownRoom(HttpServletResponse response, String name) throws IOException {
        error(response, HttpServletResponse.SC_NOT_FOUND, "unknown-room", "no room '" + name + "'");
    }

    /** The request body as text (UTF-8), or null after answering 413 (too big). */
    private String body(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > maxMessageBytes) {
            tooBig(response);
            return null;
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(maxMessageBytes + 1);
        }
        if (bytes.length > maxMessageBytes) {
            tooBig(response);
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void tooBig(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close"); // the rest of the body is not read
        error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-big",
                "the body is larger than " + maxMessageBytes + " bytes");
    }

    private static void notAllowed(HttpServletResponse response, String allowed) throws IOException {
        response.setHeader("Allow", allowed);
        error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method-not-allowed", "allowed: " + allowed);
    }

    private static void protocolError(HttpServletResponse response, int status, ProtocolError e) throws IOException {
        JsonResponse.write(response, status, Json.JSONB.toJson(e.toReply(null)));
    }

    private static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        JsonResponse.write(response, status, Json.JSONB.toJson(new ErrorReply(code, message, null)));
    }

}
