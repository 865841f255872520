package io.switchboard.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Switchboard node in a JVM of its own: the application on a real Tomcat ({@link EmbeddedTomcat}) in a child
 * process, so that a test can kill it as an operating system would ({@link #kill()}: SIGKILL, no goodbye, no
 * shutdown hook) or stop it as an orchestrator does ({@link #stop()}: SIGTERM, graceful shutdown with 1001), and
 * a benchmark can read its CPU time from {@code /proc}. The child runs {@link #main(String[])} on this JVM's class
 * path and working directory; its output goes to {@code target/nodes/NODE.log}.
 */
public final class NodeProcess extends ServerUnderTest implements AutoCloseable {
    private static final String READY = "switchboard-node-ready ";
    private static final long START_TIMEOUT_SECONDS = 60;

    private final String name;
    private final Process process;
    private final int port;

    private NodeProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts node {@code name} at a free port of 127.0.0.1 with these context parameters; returns once it serves. */
    public static NodeProcess start(String name, Map<String, String> parameters) {
        return start(name, 0, parameters, List.of());
    }

    /**
     * Starts node {@code name} at {@code port} (0: a free one) with these context parameters and extra JVM options
     * (for example {@code -Xmx512m}); returns once it serves.
     */
    public static NodeProcess start(String name, int port, Map<String, String> parameters, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xss512k");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeProcess.class.getName());
        command.add(Integer.toString(port));
        parameters.forEach((key, value) -> command.add(key + "=" + value));
        try {
            Path logs = Files.createDirectories(Path.of("target", "nodes"));
            Path log = logs.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .directory(new File(System.getProperty("user.dir")))
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> copyOutput(process, log, ready), "node-output-" + name);
            pump.setDaemon(true);
            pump.start();
            try {
                return new NodeProcess(name, process, ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + name + " did not start; see " + log, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> ready) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.println(line);
                if (line.startsWith(READY)) {
                    ready.complete(Integer.parseInt(line.substring(READY.length()).trim()));
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            ready.completeExceptionally(new IllegalStateException("the node's process ended"));
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The operating system's process id (for {@code /proc/PID/stat}). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the node vanishes at once, without closing a connection or saying goodbye to the cluster. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the node shuts down gracefully (its clients get 1001) and exits. */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (pid " + process.pid() + ", port " + port + ")";
    }

    /** The child: {@code PORT key=value...}; serves until SIGTERM, then stops the application gracefully. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            parameters.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        EmbeddedTomcat node = EmbeddedTomcat.start(Integer.parseInt(args[0]), parameters);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.app().stop(); // as the application's own hook does, before Tomcat closes what is left
            node.close();
            stopped.countDown();
        }, "node-stop"));
        System.out.println(READY + node.port());
        stopped.await();
    }
}
