package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switchboard's load generator, run by {@code mvn -Pbench verify} against the Tomcat that cargo
 * started with the Switchboard WAR and the baseline WAR (or, through {@code ClusterBench}, against cluster nodes
 * and a lone node). Parameters are system properties (see {@link Settings} and docs/PERFORMANCE.md). Prints a
 * table and writes {@code results.json} in {@code bench.dir}. Exit code 0, or 2 if a scenario could not run (a
 * missed target is not an error).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings.load();
        Settings s = new Settings();
        ServerProbe probe = ServerProbe.find(s.port, s.serverPid);
        Target switchboard = new Target("switchboard", "Switchboard", List.of(s.wsBase(false)), true, probe);
        Target baseline = new Target("baseline", "baseline (bare JSR-356)", List.of(s.wsBase(true)), false, probe);
        Run.log("server %s %s, JVM pid %d on port %d", s.server, s.serverVersion, probe.pid, s.port);
        System.exit(run(s, switchboard, s.baseline ? baseline : null, serverName(s), "mvn -Pbench verify"));
    }

    /**
     * Runs the scenarios on {@code first} and, where {@code bench.baseline.scenarios} names them, on
     * {@code second} (null: none); prints and writes the report. Returns the exit code.
     */
    static int run(Settings s, Target first, Target second, String serverName, String command) throws Exception {
        Conn.perFrame = s.writes.equals("per-frame");
        List<Target> targets = second == null ? List.of(first) : List.of(first, second);
        ServerProbe probe = first.probe();
        Map<String, Object> machine = machine(s, probe, serverName);
        Run.log("%s; %s", serverName, machine.get("cpu"));
        Run.log("client writes: %s", s.writesDescription());
        Run.log("scenarios %s, %s s each after %s s warm-up; %s %s", s.scenarios, s.duration, s.warmup,
                second == null ? "no comparison" : "compared with " + second.label() + ":",
                second == null ? "" : s.baselineScenarios);
        List<Result> results = new ArrayList<>();
        Map<String, Object> idleCpu = new LinkedHashMap<>();
        int errors = 0;
        long started = System.nanoTime();
        String serverDown = null;
        try (Clients clients = new Clients(s.clients)) {
            Run run = new Run(s, clients);
            if (s.jvmWarmup > 0) {
                Run.log(s.cluster ? "warming the nodes up: %s s of broadcast at %d msg/s and half that of relay on "
                        + "each target (not measured)" : "warming the server JVM up: %s s of echo on each target "
                        + "(not measured)", s.jvmWarmup, s.pacedRate);
                for (Target target : targets) {
                    try {
                        if (s.cluster) { // the JIT compiles the cluster's paths (Redis client, dispatcher) too
                            PacedBroadcast.warm(run, target, s.pacedRate, s.jvmWarmup);
                            Relay.warm(run, target, s.jvmWarmup / 2);
                        } else {
                            Echo.warm(run, target, s.jvmWarmup / 2);
                        }
                    } catch (Exception e) {
                        Run.log("warm-up on %s failed: %s", target.name(), e);
                    }
                }
            }
            if (s.cluster && s.idleCpuSeconds > 0) {
                for (Target t : targets) {
                    idleCpu.put(t.name(), idleCpu(t, s.idleCpuSeconds));
                }
            }
            for (String scenario : s.scenarios) {
                if (scenario.equals("echo")) {
                    for (int size : s.echoSizes) {
                        if (serverDown == null && !healthy(targets)) {
                            serverDown = "the server stopped answering HTTP before echo";
                        }
                        if (serverDown != null) {
                            errors++;
                            results.add(new Result(scenario, size + " B", first.name()).put("error", "skipped: " + serverDown));
                            continue;
                        }
                        Target other = compared(s, second, scenario);
                        settle(targets);
                        Run.log("echo %d B, %s%s in alternating rounds ...", size, first.label(),
                                other != null ? " and " + other.label() : "");
                        try {
                            for (Result r : Echo.run(run, size, first, other)) {
                                r.put("clientWrites", s.writes);
                                results.add(r);
                                Run.log("  %s", r.toMap());
                            }
                        } catch (Exception | OutOfMemoryError e) {
                            errors++;
                            e.printStackTrace(System.out);
                            results.add(new Result(scenario, size + " B", first.name()).put("error", String.valueOf(e)));
                        }
                    }
                    continue;
                }
                for (Target t : targets) {
                    if (t != first && compared(s, second, scenario) == null) {
                        continue;
                    }
                    String target = t.name();
                    if (serverDown == null && !healthy(targets)) {
                        serverDown = "the server stopped answering HTTP before " + scenario;
                    }
                    if (serverDown != null) {
                        errors++;
                        results.add(new Result(scenario, "", target).put("error", "skipped: " + serverDown));
                        continue;
                    }
                    settle(targets);
                    Run.log("%s on %s ...", scenario, t.label());
                    try {
                        long writes0 = Conn.WRITE_CALLS.sum();
                        long frames0 = Conn.FRAMES_QUEUED.sum();
                        Result r = switch (scenario) {
                            case "broadcast-paced" -> new PacedBroadcast(run, scenario, s.pacedRate).run(t);
                            case "broadcast-paced-200" -> new PacedBroadcast(run, scenario, s.paced200Rate).run(t);
                            case "broadcast-burst" -> new BurstBroadcast(run).run(t);
                            case "relay" -> new Relay(run).run(t);
                            case "idle" -> new Idle(run).run(t);
                            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                        };
                        if (r != null) {
                            r.put("clientWrites", s.writes).put("clientFramesSent", Conn.FRAMES_QUEUED.sum() - frames0)
                                    .put("clientWriteCalls", Conn.WRITE_CALLS.sum() - writes0);
                            results.add(r);
                            Run.log("  %s", r.toMap());
                        }
                    } catch (Exception | OutOfMemoryError e) {
                        errors++;
                        e.printStackTrace(System.out);
                        results.add(new Result(scenario, "", target).put("error", String.valueOf(e)));
                    }
                }
            }
        }
        if (serverDown == null && !healthy(targets)) {
            serverDown = "the server stopped answering HTTP after the last scenario";
        }
        if (serverDown != null) {
            Run.log("%s", serverDown);
            stopWedgedServer(s, probe);
        }
        Report report = new Report(results, first, second);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("server", serverName);
        doc.put("clientWrites", s.writesDescription());
        doc.put("clientFramesSent", Conn.FRAMES_QUEUED.sum());
        doc.put("clientWriteCalls", Conn.WRITE_CALLS.sum());
        doc.put("finished", Instant.now().toString());
        doc.put("generatorSeconds", Result.round((System.nanoTime() - started) / 1e9, 1));
        doc.put("machine", machine);
        doc.put("serverDown", serverDown);
        doc.put("settings", settings(s, serverName));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Result r : results) {
            list.add(r.toMap());
        }
        doc.put("results", list);
        if (!idleCpu.isEmpty()) {
            doc.put("idleCpu", idleCpu);
        }
        doc.put("targets", report.targets());
        Path json = Path.of(s.dir, "results.json");
        report.writeJson(json, doc);
        String header = "Switchboard benchmark: " + machine.get("cpus") + " CPUs (" + machine.get("cpu") + "), "
                + machine.get("memoryGiB") + " GiB, " + serverName + ", JDK " + System.getProperty("java.version")
                + (s.cluster ? "; generator, nodes and Redis" : "; generator and server") + " share the machine";
        String writes = String.format(java.util.Locale.ROOT, "client writes: %s; %,d frames sent in %,d write calls",
                s.writesDescription(), Conn.FRAMES_QUEUED.sum(), Conn.WRITE_CALLS.sum());
        Files.writeString(Path.of(s.dir, "results.md"), header + "\n\n" + writes + "\n\n" + report.markdown() + "\n"
                + report.noiseLine(Runtime.getRuntime().availableProcessors()) + idleLine(targets, idleCpu) + "\n"
                + report.targetLines());
        System.out.println();
        System.out.println(header);
        System.out.println(writes);
        System.out.print(report.table());
        System.out.print(report.noiseLine(Runtime.getRuntime().availableProcessors()));
        String idle = idleLine(targets, idleCpu);
        System.out.print(idle);
        System.out.println();
        System.out.print(report.targetLines());
        System.out.println("Results: " + json.toAbsolutePath());
        return errors == 0 ? 0 : 2;
    }

    private static String serverName(Settings s) {
        String name = switch (s.server) {
            case "wildfly" -> "WildFly";
            case "payara" -> "Payara Micro";
            case "tomcat" -> "Tomcat";
            default -> s.server;
        };
        return (name + " " + s.serverVersion).trim();
    }

    /**
     * CPU of a target's processes with no client connected: what the nodes (and Redis) cost by themselves, to
     * tell the fixed part of a scenario's CPU from the part per message.
     */
    private static Map<String, Object> idleCpu(Target t, double seconds) throws InterruptedException {
        settle(List.of(t));
        Thread.sleep(1000);
        ServerProbe.Mark a = t.probe().mark();
        Run.sleepSeconds(seconds);
        Window w = Window.between(a, t.probe().mark());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowSeconds", Result.round(w.seconds(), 2));
        m.put("serverCoresPerNode", Result.round(w.serverCpu() / w.seconds() / t.nodes(), 4));
        if (!Double.isNaN(w.redisCpu())) {
            m.put("redisCores", Result.round(w.redisCpu() / w.seconds(), 4));
        }
        m.put("otherProcessesCores", Result.round(w.otherCpu() / w.seconds(), 2));
        Run.log("idle CPU of %s: %s", t.label(), m);
        return m;
    }

    private static String idleLine(List<Target> targets, Map<String, Object> idleCpu) {
        StringBuilder out = new StringBuilder();
        for (Target t : targets) {
            if (idleCpu.get(t.name()) instanceof Map<?, ?> m) {
                out.append(out.length() == 0 ? "Idle CPU (no clients): " : "; ").append(t.label()).append(": ")
                        .append(String.format(java.util.Locale.ROOT, "%.2f %% of a core per node",
                                ((Number) m.get("serverCoresPerNode")).doubleValue() * 100));
                if (m.get("redisCores") instanceof Number redis) {
                    out.append(String.format(java.util.Locale.ROOT, ", Redis %.2f %%", redis.doubleValue() * 100));
                }
            }
        }
        return out.length() == 0 ? "" : out.append(System.lineSeparator()).toString();
    }

    /** The target {@code scenario} is compared with, or null. */
    private static Target compared(Settings s, Target second, String scenario) {
        return second != null && s.baselineScenarios.contains(scenario) ? second : null;
    }

    /** True when every Switchboard node answers {@code GET <switchboard>/status} within 10 s. */
    private static boolean healthy(List<Target> targets) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (Target target : targets) {
            for (URI status : target.statusUris()) {
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(status)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A server that stopped answering (typically an OutOfMemoryError in the idle scenario) would not obey
     * cargo's shutdown either and would outlive the build: end it here, but only the Tomcat this build
     * started (its command line names this build's catalina.base).
     */
    private static void stopWedgedServer(Settings s, ServerProbe probe) {
        String base = Settings.str("bench.catalinaBase", "");
        ProcessHandle.of(probe.pid).ifPresent(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (!base.isEmpty() && cmd.contains("-Dcatalina.base=" + base + " ")) {
                Run.log("ending the unresponsive server JVM %d (this build's Tomcat)", probe.pid);
                p.destroyForcibly();
                try {
                    p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by cargo's stop
                }
            } else {
                Run.log("server JVM %d is unresponsive but not recognisably this build's Tomcat; left alone", probe.pid);
            }
        });
    }

    /** A full GC in every server JVM between scenarios, so one scenario's garbage is not collected in the next. */
    private static void settle(List<Target> targets) throws InterruptedException {
        for (Target target : targets) {
            try {
                target.probe().jcmdAll("GC.run");
            } catch (IOException e) {
                Run.log("GC.run failed: %s", e.getMessage());
            }
        }
        Thread.sleep(500);
    }

    private static Map<String, Object> machine(Settings s, ServerProbe probe, String serverName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("memoryGiB", Math.round(memTotalKiB() / 1024.0 / 1024.0));
        m.put("kernel", read("/proc/sys/kernel/osrelease").trim());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("server", serverName);
        m.put("serverPid", probe.pid);
        m.put("serverVmFlags", probe.vmFlags());
        m.put("serverFileLimit", probe.fileLimit());
        m.put("generatorFileLimit", s.fileLimit);
        return m;
    }

    private static Map<String, Object> settings(Settings s, String serverName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", serverName);
        m.put("clientWrites", s.writesDescription());
        m.put("scenarios", String.join(",", s.scenarios));
        m.put(s.cluster ? "singleNode" : "baseline", s.baseline ? String.join(",", s.baselineScenarios) : "off");
        m.put("durationSeconds", s.duration);
        m.put("warmupSeconds", s.warmup);
        m.put("jvmWarmupSeconds", s.jvmWarmup);
        m.put("generatorLoops", s.clients);
        m.put("echo", s.echoConnections + " connections x " + s.echoInFlight + " in flight, sizes " + s.echoSizes
                + ", " + s.echoRounds + " alternating rounds");
        m.put("broadcastPaced", s.pacedSubscribers + " subscribers, " + s.pacedRate + " msg/s");
        m.put("broadcastPaced200", s.pacedSubscribers + " subscribers, " + s.paced200Rate + " msg/s");
        m.put("broadcastBurst", s.burstSubscribers + " subscribers, " + s.burstMessages + " messages");
        m.put("relay", s.relayPairs + " pairs x " + s.relayInFlight + " in flight, frames " + Relay.FORM);
        m.put("idle", s.idleConnections + " connections held " + s.idleHold + " s");
        return m;
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    private static long memTotalKiB() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
