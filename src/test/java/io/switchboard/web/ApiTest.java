package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP publish API on a real (embedded) Tomcat: every route with and without the token, and its errors. */
class ApiTest {
    private static final String TOKEN = "api-token-for-the-tests-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start(Map.of("switchboard.api.token", TOKEN, "switchboard.maxMessageBytes", "2000",
                "switchboard.text.maxChars", "100", "switchboard.maxRooms", "100"));
    }

    @AfterAll
    static void stop() {
        tomcat.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tomcat.http(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private static HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, TOKEN);
    }

    private static HttpResponse<String> get(String path) {
        return send("GET", path, null, TOKEN);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject error = WsClient.parse(response.body());
        assertEquals("error", error.getString("type"), response.body());
        assertEquals(code, error.getString("code"), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void nothingIsReachableWithoutTheRightToken() {
        String[][] routes = {
            {"POST", "/api/rooms/lobby/messages", "{\"username\":\"bot\",\"text\":\"hi\"}"},
            {"GET", "/api/rooms/lobby/messages", null},
            {"GET", "/api/rooms/lobby", null},
            {"POST", "/api/relay/1/messages", "{\"text\":\"hi\"}"},
            {"GET", "/api/nothing-here", null},
        };
        for (String[] route : routes) {
            for (String token : new String[] {null, "", TOKEN + "x", TOKEN.substring(1), "Basic " + TOKEN}) {
                HttpResponse<String> response = send(route[0], route[1], route[2], token);
                assertError(response, 401, "unauthorized");
                assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            }
        }
        assertEquals(null, tomcat.app().broker().describe("lobby"), "nothing was published");
    }

    @Test
    void aPublishReachesEveryMemberAsAChatAndAnswers201WithTheSeq() {
        try (WsClient amy = WsClient.connect(tomcat.ws("/broadcast/deploys"));
                WsClient bob = WsClient.connect(tomcat.ws("/broadcast/deploys"))) {
            amy.next("welcome");
            bob.next("welcome");
            amy.send("{\"username\":\"amy\",\"text\":\"before\"}");
            amy.next("chat");
            bob.next("chat");

            HttpResponse<String> response = post("/api/rooms/deploys/messages",
                    "{\"username\":\"deploy-bot\",\"text\":\"v1.2 is out\"}");
            assertEquals(201, response.statusCode(), response.body());
            assertEquals("{\"room\":\"deploys\",\"seq\":2}", response.body());
            for (WsClient member : new WsClient[] {amy, bob}) {
                JsonObject chat = member.next("chat");
                assertEquals("deploy-bot", chat.getString("username"));
                assertEquals("v1.2 is out", chat.getString("text"));
                assertEquals(2, chat.getJsonNumber("seq").longValue());
                assertEquals("deploys", chat.getString("room"));
            }

            JsonObject room = WsClient.parse(get("/api/rooms/deploys").body());
            assertEquals("deploys", room.getString("room"));
            assertEquals(2, room.getJsonNumber("seq").longValue());
            assertEquals(2, room.getInt("members"));

            JsonObject all = WsClient.parse(get("/api/rooms/deploys/messages").body());
            assertEquals(2, all.getJsonArray("messages").size());
            assertEquals("before", all.getJsonArray("messages").getJsonObject(0).getString("text"));
            JsonObject after1 = WsClient.parse(get("/api/rooms/deploys/messages?since=1").body());
            assertEquals(1, after1.getJsonArray("messages").size());
            assertEquals("v1.2 is out", after1.getJsonArray("messages").getJsonObject(0).getString("text"));
            assertEquals(2, after1.getJsonNumber("seq").longValue());
        }
    }

    @Test
    void aPublishToANewRoomCreatesItAsAMemberWould() {
        assertEquals(201, post("/api/rooms/fresh/messages", "{\"username\":\"bot\",\"text\":\"first\"}").statusCode());
        try (WsClient late = WsClient.connect(tomcat.ws("/broadcast/fresh?since=0"))) {
            assertEquals(1, late.next("welcome").getJsonNumber("seq").longValue());
            assertEquals("first", late.next("chat").getString("text"));
        }
    }

    @Test
    void roomPostsAreValidatedAsOnTheWebSocket() {
        String path = "/api/rooms/checks/messages";
        assertError(post(path, "not json"), 400, "bad-json");
        assertError(post(path, "{\"username\":\"bot\",\"text\":"), 400, "bad-json");
        assertError(post(path, "[1,2]"), 400, "bad-json");
        assertError(post(path, "{\"type\":\"send\",\"username\":\"bot\",\"text\":\"hi\"}"), 400, "unknown-type");
        assertError(post(path, "{\"text\":\"no username\"}"), 400, "invalid-field");
        assertError(post(path, "{\"username\":\"bot\"}"), 400, "invalid-field");
        assertError(post(path, "{\"username\":\"bot\",\"text\":\"" + "x".repeat(101) + "\"}"), 400, "invalid-field");
        assertError(post(path, "{\"username\":\"" + "u".repeat(65) + "\",\"text\":\"hi\"}"), 400, "invalid-field");
        assertError(post("/api/rooms/bad%20name/messages", "{\"username\":\"bot\",\"text\":\"hi\"}"), 400, "invalid-field");
        assertError(post("/api/rooms/" + "r".repeat(65) + "/messages", "{\"username\":\"bot\",\"text\":\"hi\"}"), 400,
                "invalid-field");
        assertError(post(path, "{\"username\":\"bot\",\"text\":\"" + "x".repeat(3000) + "\"}"), 413, "too-big");
        assertEquals(null, tomcat.app().broker().describe("checks"), "nothing invalid was published");
    }

    @Test
    void readsOfUnknownRoomsAndBadParametersAreRefused() {
        assertError(get("/api/rooms/never-used"), 404, "unknown-room");
        assertError(get("/api/rooms/never-used/messages"), 404, "unknown-room");
        assertError(get("/api/rooms/bad!name"), 400, "invalid-field");
        assertEquals(201, post("/api/rooms/numbers/messages", "{\"username\":\"bot\",\"text\":\"one\"}").statusCode());
        assertError(get("/api/rooms/numbers/messages?since=-1"), 400, "invalid-field");
        assertError(get("/api/rooms/numbers/messages?since=abc"), 400, "invalid-field");
        assertError(get("/api/nothing"), 404, "not-found");
        assertError(get("/api/rooms/numbers/messages/extra"), 404, "not-found");
        assertError(send("DELETE", "/api/rooms/numbers", null, TOKEN), 405, "method-not-allowed");
        assertError(get("/api/relay/1/messages"), 405, "method-not-allowed");
    }

    @Test
    void theRoomLimitAnswers503() {
        EmbeddedTomcat main = tomcat;
        try (EmbeddedTomcat small = EmbeddedTomcat.start(Map.of("switchboard.api.token", TOKEN, "switchboard.maxRooms", "1"))) {
            tomcat = small;
            assertEquals(201, post("/api/rooms/only/messages", "{\"username\":\"b\",\"text\":\"t\"}").statusCode());
            assertError(post("/api/rooms/one-too-many/messages", "{\"username\":\"b\",\"text\":\"t\"}"), 503,
                    "unavailable");
            assertEquals(201, post("/api/rooms/only/messages", "{\"username\":\"b\",\"text\":\"t\"}").statusCode());
        } finally {
            tomcat = main;
        }
    }

    @Test
    void aDirectMessageReachesTheRelayClientFromServer() {
        try (WsClient client = WsClient.connect(tomcat.ws("/relay"))) {
            String id = client.next("welcome").getString("id");
            HttpResponse<String> response = post("/api/relay/" + id + "/messages", "{\"text\":\"hello from a backend\"}");
            assertEquals(202, response.statusCode(), response.body());
            assertEquals("{\"to\":\"" + id + "\"}", response.body());
            JsonObject message = client.next("message");
            assertEquals("server", message.getString("from"));
            assertEquals("hello from a backend", message.getString("text"));

            assertError(post("/api/relay/999999/messages", "{\"text\":\"anyone?\"}"), 404, "unknown-recipient");
            assertError(post("/api/relay/" + id + "/messages", "{\"text\":"), 400, "bad-json");
            assertError(post("/api/relay/" + id + "/messages", "{}"), 400, "invalid-field");
            assertError(post("/api/relay/" + id + "/messages", "{\"text\":\"" + "x".repeat(101) + "\"}"), 400,
                    "invalid-field");
            assertError(post("/api/relay/" + id + "/messages", "{\"text\":\"" + "x".repeat(2001) + "\"}"), 413, "too-big");
            client.expectNo("message", Duration.ofMillis(200));
        }
    }

    @Test
    void withoutAnApiTokenTheApiDoesNotExist() {
        try (EmbeddedTomcat off = EmbeddedTomcat.start(Map.of())) {
            assertEquals(404, off.get("/api/rooms/lobby").statusCode());
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(off.http("/api/rooms/lobby/messages"))
                        .header("Authorization", "Bearer anything-at-all-1234")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"b\",\"text\":\"t\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertEquals(404, response.statusCode());
            assertEquals(null, off.app().broker().describe("lobby"));
        }
    }
}
