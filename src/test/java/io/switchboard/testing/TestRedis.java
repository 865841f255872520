package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;
import redis.embedded.RedisServerBuilder;
import redis.embedded.util.OS;

/**
 * A real Redis (7.0.15, from org.signal:embedded-redis, or the {@code redis-server} named by {@value
 * #EXECUTABLE_PROPERTY}) in a process of its own on 127.0.0.1 at a free port.
 * {@link #launch()} keeps nothing on disk: a restart ({@link #stop()} or {@link #kill()}, then {@link #restart()})
 * comes back empty, on the same port, as a Redis that lost its data would. {@link #launchWithAof()} writes an
 * append-only file, synced after every write, so a restart (even after SIGKILL) comes back with every write.
 */
public final class TestRedis implements AutoCloseable {
    /**
     * A {@code redis-server} to run instead of the bundled one (for example Debian's {@code /usr/bin/redis-server},
     * built with jemalloc where the bundled static one uses libc malloc), for the benchmark or to test another
     * Redis version.
     */
    public static final String EXECUTABLE_PROPERTY = "switchboard.test.redisServer";

    private final int port;
    private final RedisServer server;
    private final Path dataDirectory;
    private volatile long pid = -1;

    private TestRedis(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        RedisServerBuilder builder = RedisServer.builder()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("protected-mode yes");
        String executable = System.getProperty(EXECUTABLE_PROPERTY, "");
        if (!executable.isBlank()) {
            builder.redisExecProvider(RedisExecProvider.defaultProvider().override(OS.UNIX, executable));
        }
        if (dataDirectory == null) {
            builder.setting("appendonly no");
        } else {
            builder.setting("dir " + dataDirectory.toAbsolutePath())
                    .setting("appendonly yes")
                    .setting("appendfsync always");
        }
        this.server = builder.build();
    }

    /** A Redis without persistence. */
    public static TestRedis launch() {
        return started(new TestRedis(freePort(), null));
    }

    /** A Redis with an append-only file (fsync always) in a new directory under {@code target/}. */
    public static TestRedis launchWithAof() {
        return started(new TestRedis(freePort(), ScratchDirectories.create("redis-aof")));
    }

    private static TestRedis started(TestRedis redis) {
        redis.restart();
        return redis;
    }

    /** Starts (again) on the same port. */
    public synchronized void restart() {
        Set<Long> before = redisProcesses();
        server.start();
        pid = redisProcesses().stream().filter(p -> !before.contains(p)).findFirst().orElse(-1L);
    }

    /** SIGTERM: Redis stops as it does when an operator stops it. */
    public synchronized void stop() {
        server.stop();
    }

    /** SIGKILL: Redis vanishes at once, as in a crash or an out-of-memory kill. */
    public synchronized void kill() {
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
        server.stop(); // forget the dead process
    }

    /** The Redis process's id (for {@code /proc/PID/stat}), or -1 when not known. */
    public long pid() {
        return pid;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return url(port);
    }

    /** {@code redis://127.0.0.1:PORT} for another port (a proxy in front of this Redis). */
    public static String url(int port) {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (server.isActive()) {
            server.stop();
        }
        if (dataDirectory != null) {
            ScratchDirectories.delete(dataDirectory);
        }
    }

    private static Set<Long> redisProcesses() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false)) // Debian: redis-check-rdb
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
