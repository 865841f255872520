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
 * started with the Switchboard WAR and the baseline WAR. Parameters are system properties (see
 * {@link Settings} and docs/PERFORMANCE.md). Prints a table and writes {@code results.json} in
 * {@code bench.dir}. Exit code 0, or 2 if a scenario could not run (a missed target is not an error).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings.load();
        Settings s = new Settings();
        Conn.perFrame = s.writes.equals("per-frame");
        ServerProbe probe = ServerProbe.find(s.port, s.serverPid);
        Map<String, Object> machine = machine(s, probe);
        Run.log("server %s %s, JVM pid %d on port %d; %s", s.server, s.serverVersion, probe.pid, s.port,
                machine.get("cpu"));
        Run.log("client writes: %s", s.writesDescription());
        Run.log("scenarios %s, %s s each after %s s warm-up; baseline %s", s.scenarios, s.duration, s.warmup,
                s.baseline ? s.baselineScenarios : "off");
        List<Result> results = new ArrayList<>();
        int errors = 0;
        long started = System.nanoTime();
        String serverDown = null;
        try (Clients clients = new Clients(s.clients)) {
            Run run = new Run(s, probe, clients);
            if (s.jvmWarmup > 0) {
                Run.log("warming the server JVM up: %s s of echo on each target (not measured)", s.jvmWarmup);
                for (boolean baseline : new boolean[] {false, true}) {
                    if (!baseline || s.baseline) {
                        try {
                            Echo.warm(run, baseline, s.jvmWarmup / 2);
                        } catch (Exception e) {
                            Run.log("warm-up on %s failed: %s", baseline ? "baseline" : "switchboard", e);
                        }
                    }
                }
            }
            for (String scenario : s.scenarios) {
                if (scenario.equals("echo")) {
                    for (int size : s.echoSizes) {
                        if (serverDown == null && !healthy(s)) {
                            serverDown = "the server stopped answering HTTP before echo";
                        }
                        if (serverDown != null) {
                            errors++;
                            results.add(new Result(scenario, size + " B", "switchboard").put("error", "skipped: " + serverDown));
                            continue;
                        }
                        settle(probe);
                        Run.log("echo %d B, Switchboard%s in alternating rounds ...", size,
                                baselineFor(s, scenario) ? " and baseline" : "");
                        try {
                            for (Result r : Echo.run(run, size, baselineFor(s, scenario))) {
                                r.put("clientWrites", s.writes);
                                results.add(r);
                                Run.log("  %s", r.toMap());
                            }
                        } catch (Exception | OutOfMemoryError e) {
                            errors++;
                            e.printStackTrace(System.out);
                            results.add(new Result(scenario, size + " B", "switchboard").put("error", String.valueOf(e)));
                        }
                    }
                    continue;
                }
                for (boolean baseline : new boolean[] {false, true}) {
                    if (baseline && !baselineFor(s, scenario)) {
                        continue;
                    }
                    String target = baseline ? "baseline" : "switchboard";
                    if (serverDown == null && !healthy(s)) {
                        serverDown = "the server stopped answering HTTP before " + scenario;
                    }
                    if (serverDown != null) {
                        errors++;
                        results.add(new Result(scenario, "", target).put("error", "skipped: " + serverDown));
                        continue;
                    }
                    settle(probe);
                    Run.log("%s on %s ...", scenario, target);
                    try {
                        long writes0 = Conn.WRITE_CALLS.sum();
                        long frames0 = Conn.FRAMES_QUEUED.sum();
                        Result r = switch (scenario) {
                            case "broadcast-paced" -> new PacedBroadcast(run, scenario, s.pacedRate).run(baseline);
                            case "broadcast-paced-200" -> new PacedBroadcast(run, scenario, s.paced200Rate).run(baseline);
                            case "broadcast-burst" -> new BurstBroadcast(run).run(baseline);
                            case "relay" -> new Relay(run).run(baseline);
                            case "idle" -> new Idle(run).run(baseline);
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
        if (serverDown == null && !healthy(s)) {
            serverDown = "the server stopped answering HTTP after the last scenario";
        }
        if (serverDown != null) {
            Run.log("%s", serverDown);
            stopWedgedServer(s, probe);
        }
        Report report = new Report(results);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "mvn -Pbench verify");
        doc.put("server", s.server + " " + s.serverVersion);
        doc.put("clientWrites", s.writesDescription());
        doc.put("clientFramesSent", Conn.FRAMES_QUEUED.sum());
        doc.put("clientWriteCalls", Conn.WRITE_CALLS.sum());
        doc.put("finished", Instant.now().toString());
        doc.put("generatorSeconds", Result.round((System.nanoTime() - started) / 1e9, 1));
        doc.put("machine", machine);
        doc.put("serverDown", serverDown);
        doc.put("settings", settings(s));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Result r : results) {
            list.add(r.toMap());
        }
        doc.put("results", list);
        doc.put("targets", report.targets());
        Path json = Path.of(s.dir, "results.json");
        report.writeJson(json, doc);
        String header = "Switchboard benchmark: " + machine.get("cpus") + " CPUs (" + machine.get("cpu") + "), "
                + machine.get("memoryGiB") + " GiB, " + serverName(s) + ", JDK " + System.getProperty("java.version")
                + "; generator and server share the machine";
        String writes = String.format(java.util.Locale.ROOT, "client writes: %s; %,d frames sent in %,d write calls",
                s.writesDescription(), Conn.FRAMES_QUEUED.sum(), Conn.WRITE_CALLS.sum());
        Files.writeString(Path.of(s.dir, "results.md"), header + "\n\n" + writes + "\n\n" + report.markdown() + "\n"
                + report.noiseLine(
                Runtime.getRuntime().availableProcessors()) + "\n" + report.targetLines());
        System.out.println();
        System.out.println(header);
        System.out.println(writes);
        System.out.print(report.table());
        System.out.print(report.noiseLine(Runtime.getRuntime().availableProcessors()));
        System.out.println();
        System.out.print(report.targetLines());
        System.out.println("Results: " + json.toAbsolutePath());
        System.exit(errors == 0 ? 0 : 2);
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

    private static boolean baselineFor(Settings s, String scenario) {
        return s.baseline && s.baselineScenarios.contains(scenario);
    }

    /** True when the server answers {@code GET <switchboard>/status} within 10 s. */
    private static boolean healthy(Settings s) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + s.host + ":" + s.port + s.switchboardPath + "/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    /** A full GC in the server between scenarios, so one scenario's garbage is not collected in the next. */
    private static void settle(ServerProbe probe) throws InterruptedException {
        try {
            probe.jcmd("GC.run");
        } catch (IOException e) {
            Run.log("GC.run failed: %s", e.getMessage());
        }
        Thread.sleep(500);
    }

    private static Map<String, Object> machine(Settings s, ServerProbe probe) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("memoryGiB", Math.round(memTotalKiB() / 1024.0 / 1024.0));
        m.put("kernel", read("/proc/sys/kernel/osrelease").trim());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("server", serverName(s));
        m.put("serverPid", probe.pid);
        m.put("serverVmFlags", probe.vmFlags());
        m.put("serverFileLimit", probe.fileLimit());
        m.put("generatorFileLimit", s.fileLimit);
        return m;
    }

    private static Map<String, Object> settings(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", serverName(s));
        m.put("clientWrites", s.writesDescription());
        m.put("scenarios", String.join(",", s.scenarios));
        m.put("baseline", s.baseline ? String.join(",", s.baselineScenarios) : "off");
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
