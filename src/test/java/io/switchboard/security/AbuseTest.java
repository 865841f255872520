package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.EmbeddedTomcat;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abusive clients on a real Tomcat: each gets its documented refusal, and a well-behaved client connected the
 * whole time is served after every one of them.
 */
class AbuseTest {
    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static EmbeddedTomcat tomcat;
    private static WsClient bystander;

    @BeforeAll
    static void start() {
        tomcat = EmbeddedTomcat.start(Map.of());
        bystander = WsClient.connect(tomcat.ws("echo"));
    }

    @AfterAll
    static void stop() {
        bystander.close();
        tomcat.close();
    }

    @AfterEach
    void theBystanderIsStillServed() {
        bystander.send("still here");
        assertEquals("still here", bystander.nextText());
    }

    @Test
    void aTenMegabyteFrameIsClosed1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "echo")) {
            try {
                raw.send(RawWebSocket.TEXT, "z".repeat(10 * 1024 * 1024).getBytes(), true);
            } catch (java.io.IOException closedWhileSending) {
                // the server may close before the whole frame is written
            }
            assertEquals(1009, raw.awaitClose(CLOSE));
        }
    }

    @Test
    void aFragmentedMessageThatNeverEndsIsClosed1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "broadcast")) {
            raw.read(CLOSE); // welcome
            byte[] part = "{\"text\":\"".concat("f".repeat(4000)).getBytes();
            raw.send(RawWebSocket.TEXT, part, false);
            int code = 0;
            for (int i = 0; i < 100 && code == 0; i++) {
                try {
                    raw.send(RawWebSocket.CONTINUATION, "f".repeat(4000).getBytes(), false);
                } catch (java.io.IOException closed) {
                    code = raw.awaitClose(CLOSE);
                }
            }
            if (code == 0) {
                code = raw.awaitClose(CLOSE);
            }
            assertEquals(1009, code);
        }
    }

    @Test
    void aForeignOriginIsRefused403() {
        for (String path : List.of("echo", "relay", "broadcast", "broadcast/lobby")) {
            try (RawWebSocket raw = RawWebSocket.connect(tomcat, path,
                    Map.of("Origin", "https://evil.example"), 0)) {
                assertEquals(403, raw.status(), path);
            }
        }
        try (RawWebSocket sameOrigin = RawWebSocket.connect(tomcat, "echo",
                Map.of("Origin", "http://127.0.0.1:" + tomcat.port()), 0)) {
            assertEquals(101, sameOrigin.status(), "the page's own origin is allowed");
        }
    }

    @Test
    void badSinceAndRoomNamesAreRefused() throws Exception {
        int roomsBefore = tomcat.app().broker().rooms();
        for (String path : List.of("broadcast/lobby?since=-1", "broadcast/lobby?since=abc", "broadcast/..%2F..%2Fetc",
                "broadcast/%2E%2E", "broadcast/a%00b", "broadcast/" + "r".repeat(65), "broadcast/%3Cscript%3E")) {
            try (RawWebSocket raw = RawWebSocket.connect(tomcat, path)) {
                // Either no WebSocket opens at all (the container refuses or redirects the path), or it is closed 1008.
                if (raw.status() == 101) {
                    assertEquals(1008, raw.awaitClose(CLOSE), path);
                }
            }
        }
        assertEquals(roomsBefore, tomcat.app().broker().rooms(), "no room was created by a refused name");
    }

    @Test
    void binaryOnRelayIsClosed1003AndInvalidUtf8Is1007() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "relay")) {
            raw.read(CLOSE);
            raw.send(RawWebSocket.BINARY, new byte[] {1, 2}, true);
            assertEquals(1003, raw.awaitClose(CLOSE));
        }
        try (RawWebSocket raw = RawWebSocket.connect(tomcat, "echo")) {
            raw.send(RawWebSocket.TEXT, new byte[] {(byte) 0xFF, (byte) 0xFE}, true);
            assertEquals(1007, raw.awaitClose(CLOSE));
        }
    }

    @Test
    void thePageAndStatusAreServedWithContentSecurityPolicyAndNosniff() {
        for (String path : List.of("", "status")) {
            HttpResponse<String> response = tomcat.get(path);
            assertEquals(200, response.statusCode(), path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), csp);
            assertTrue(!csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
    }
}
