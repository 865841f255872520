package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the generator reads about the server JVM (the Tomcat cargo started, or the nodes of the cluster variant)
 * and about itself: CPU time from {@code /proc/PID/stat}, resident memory from {@code /proc/PID/status}, live
 * heap through {@code jcmd}. With several server processes (cluster nodes) the server CPU is their sum, and
 * memory and heap are the first one's; a Redis process, when given, is read apart.
 */
final class ServerProbe {
    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    /** The (first) server JVM: memory, heap, flags and jcmd. */
    final long pid;
    /** Every server JVM whose CPU counts as the server's. */
    private final long[] pids;
    /** The Redis process (its CPU is reported apart), or 0. */
    final long redisPid;
    private final long ticksPerSecond;

    private ServerProbe(long[] pids, long redisPid) {
        this.pid = pids[0];
        this.pids = pids.clone();
        this.redisPid = redisPid;
        this.ticksPerSecond = clockTicks();
    }

    private ServerProbe(long pid) {
        this(new long[] {pid}, 0);
    }

    /** Server JVMs ({@code pids}, CPU summed) and a Redis ({@code redisPid}, 0 for none). */
    static ServerProbe of(List<Long> pids, long redisPid) {
        return new ServerProbe(pids.stream().mapToLong(Long::longValue).toArray(), redisPid);
    }

    /** The JVM listening on {@code port}: {@code ss -ltnp}, else a scan of the command lines for catalina. */
    static ServerProbe find(int port, long given) throws IOException {
        if (given > 0) {
            return new ServerProbe(given);
        }
        String ss = run(List.of("ss", "-Hltnp", "sport = :" + port));
        Matcher m = SS_PID.matcher(ss);
        if (m.find()) {
            return new ServerProbe(Long.parseLong(m.group(1)));
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    if (cmd.contains("org.apache.catalina.startup.Bootstrap") && cmd.contains("cargo")) {
                        return new ServerProbe(Long.parseLong(name));
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            }
        }
        throw new IOException("no server process listens on port " + port + " (set -Dbench.server.pid)");
    }

    /** Server CPU time (user + system) so far, in seconds, summed over the server JVMs. */
    double cpuSeconds() {
        double sum = 0;
        for (long p : pids) {
            sum += cpuSeconds("/proc/" + p + "/stat");
        }
        return sum;
    }

    /** Redis's CPU time so far, in seconds; NaN without a Redis. */
    double redisCpuSeconds() {
        return redisPid > 0 ? cpuSeconds("/proc/" + redisPid + "/stat") : Double.NaN;
    }

    /** Runs a jcmd command in every server JVM (a full GC between scenarios). */
    void jcmdAll(String command) throws IOException {
        for (long p : pids) {
            jcmd(p, command);
        }
    }

    /** This generator's CPU time so far, in seconds. */
    double selfCpuSeconds() {
        return cpuSeconds("/proc/self/stat");
    }

    /** Busy CPU seconds of the whole machine so far (every process), from {@code /proc/stat}. */
    double machineBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / (double) ticksPerSecond;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private double cpuSeconds(String statFile) {
        try {
            String stat = Files.readString(Path.of(statFile));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / (double) ticksPerSecond;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + statFile, e);
        }
    }

    /** Resident set size of the server JVM, KiB. */
    long rssKiB() {
        return statusKiB("VmRSS:");
    }

    long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's status", e);
        }
        return -1;
    }

    int threads() {
        return (int) statusKiB("Threads:");
    }

    /** Runs a full GC in the server ({@code jcmd PID GC.run}) and returns the heap in use after it, KiB. */
    long liveHeapKiB() throws IOException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IOException("unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    /** The server JVM's command-line flags and heap settings, for the record. */
    String vmFlags() {
        try {
            return jcmd("VM.flags").replaceAll("(?s)^\\d+:\\s*", "").trim();
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    String fileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0] + " (hard " + f[1] + ")";
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    String jcmd(String command) throws IOException {
        return jcmd(pid, command);
    }

    private static String jcmd(long pid, String command) throws IOException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        return run(List.of(jcmd, Long.toString(pid), command));
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(run(List.of("getconf", "CLK_TCK")).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    /** CPU and time at one instant, to measure a window ({@code redisCpu} NaN without a Redis). */
    record Mark(long nanos, double serverCpu, double selfCpu, double redisCpu, double machineBusy) {
    }

    Mark mark() {
        return new Mark(System.nanoTime(), cpuSeconds(), selfCpuSeconds(), redisCpuSeconds(), machineBusySeconds());
    }
}
