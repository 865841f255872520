package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real Redis (7.0.15, from org.signal:embedded-redis) on 127.0.0.1 at a free port, without persistence: a
 * restart ({@link #stop()} then {@link #start()}) comes back empty, on the same port, as a Redis that lost
 * its data would.
 */
public final class TestRedis implements AutoCloseable {
    private final int port;
    private final RedisServer server;

    private TestRedis(int port) {
        this.port = port;
        this.server = RedisServer.builder()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("protected-mode yes")
                .build();
    }

    public static TestRedis launch() {
        TestRedis redis = new TestRedis(freePort());
        redis.restart();
        return redis;
    }

    /** Starts (again) on the same port. */
    public void restart() {
        server.start();
    }

    public void stop() {
        server.stop();
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (server.isActive()) {
            server.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
