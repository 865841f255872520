package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The table printed at the end of a run, the targets of issue 5 checked against it, and results.json. */
final class Report {
    private final List<Result> results;

    Report(List<Result> results) {
        this.results = results;
    }

    private record Row(String label, Function<Result, String> text, Function<Result, Double> ratioOf) {
    }

    Result find(String scenario, String variant, String target) {
        for (Result r : results) {
            if (r.scenario.equals(scenario) && (variant == null || r.variant.equals(variant)) && r.target.equals(target)) {
                return r;
            }
        }
        return null;
    }

    /** The same table in Markdown (written to results.md, for the README's Performance section). */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | metric | Switchboard | baseline (bare JSR-356) | Switchboard/baseline |\n");
        out.append("|---|---|---:|---:|---:|\n");
        List<String> seen = new ArrayList<>();
        for (Result r : results) {
            String key = r.scenario + "|" + r.variant;
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            Result sb = find(r.scenario, r.variant, "switchboard");
            Result base = find(r.scenario, r.variant, "baseline");
            String name = "`" + r.scenario + "` " + r.variant;
            for (Row row : rows(r.scenario)) {
                String a = sb == null ? "" : safe(row.text, sb);
                String b = base == null ? "-" : safe(row.text, base);
                String ratio = "";
                if (sb != null && base != null && row.ratioOf != null) {
                    double x = orNaN(row.ratioOf, sb);
                    double y = orNaN(row.ratioOf, base);
                    if (!Double.isNaN(x) && !Double.isNaN(y) && y != 0) {
                        ratio = String.format(Locale.ROOT, "%.2f", x / y);
                    }
                }
                out.append("| ").append(name).append(" | ").append(row.label).append(" | ").append(a).append(" | ")
                        .append(b).append(" | ").append(ratio).append(" |\n");
                name = "";
            }
        }
        return out.toString();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        String fmt = "%-44s %26s %26s %9s%n";
        out.append(String.format(fmt, "scenario / metric", "Switchboard", "baseline (bare JSR-356)", "SB/base"));
        out.append("-".repeat(108)).append('\n');
        List<String> seen = new ArrayList<>();
        for (Result r : results) {
            String key = r.scenario + "|" + r.variant;
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            Result sb = find(r.scenario, r.variant, "switchboard");
            Result base = find(r.scenario, r.variant, "baseline");
            out.append(r.scenario).append(' ').append(r.variant).append(describe(sb != null ? sb : base)).append('\n');
            for (Row row : rows(r.scenario)) {
                String a = sb == null ? "" : safe(row.text, sb);
                String b = base == null ? "-" : safe(row.text, base);
                String ratio = "";
                if (sb != null && base != null && row.ratioOf != null) {
                    double x = orNaN(row.ratioOf, sb);
                    double y = orNaN(row.ratioOf, base);
                    if (!Double.isNaN(x) && !Double.isNaN(y) && y != 0) {
                        ratio = String.format(Locale.ROOT, "%.2f", x / y);
                    }
                }
                out.append(String.format(fmt, "  " + row.label, a, b, ratio));
            }
            Object error = (sb != null ? sb : base).metrics.get("error");
            if (error != null) {
                out.append("  ERROR: ").append(error).append('\n');
            }
        }
        return out.toString();
    }

    private static String describe(Result r) {
        Map<String, Object> m = r.metrics;
        return switch (r.scenario) {
            case "echo" -> " (" + m.get("connections") + " conns x " + m.get("inFlightPerConnection") + " in flight, "
                    + m.get("windowSeconds") + " s in " + m.get("rounds") + " rounds alternating with the baseline)";
            case "broadcast-paced", "broadcast-burst" -> " (" + m.get("subscribers") + " subscribers)";
            case "relay" -> " (" + m.get("inFlightPerConnection") + " in flight each way, " + m.get("windowSeconds") + " s)";
            default -> "";
        };
    }

    private static List<Row> rows(String scenario) {
        Row cpu = new Row("server CPU per message (us)", r -> num(r, "serverCpuMicrosPerMessage", 2),
                r -> r.num("serverCpuMicrosPerMessage"));
        Row cpuSplit = new Row("CPU s: server / generator / other", r -> r.has("serverCpuSeconds")
                ? num(r, "serverCpuSeconds", 1) + " / " + num(r, "generatorCpuSeconds", 1) + " / "
                        + num(r, "otherProcessesCpuSeconds", 1) : "", null);
        Row failures = new Row("connections closed / error replies", r -> num(r, "closedDuringRun", 0) + " / "
                + num(r, "errorReplies", 0), null);
        Row latency = new Row("latency p50 / p99 / max (ms)", r -> num(r, "latencyP50Ms", 2) + " / "
                + num(r, "latencyP99Ms", 2) + " / " + num(r, "latencyMaxMs", 1), r -> r.num("latencyP99Ms"));
        return switch (scenario) {
            case "echo" -> List.of(
                    new Row("round trips/s", r -> num(r, "roundTripsPerSecond", 0), r -> r.num("roundTripsPerSecond")),
                    latency, cpu, cpuSplit, failures);
            case "broadcast-paced" -> List.of(
                    new Row("deliveries/s (offered " + "100k)", r -> num(r, "deliveriesPerSecond", 0),
                            r -> r.num("deliveriesPerSecond")),
                    latency,
                    new Row("lost / out of order / closed", r -> num(r, "lost", 0) + " / " + num(r, "outOfOrder", 0)
                            + " / " + num(r, "subscribersClosed", 0), null),
                    cpu, cpuSplit,
                    new Row("error replies", r -> num(r, "errorReplies", 0), null));
            case "broadcast-burst" -> List.of(
                    new Row("time until all have all (s)", r -> Boolean.TRUE.equals(r.metrics.get("allDelivered"))
                            ? num(r, "secondsUntilAllHaveAll", 2) : "never (" + num(r, "lost", 0) + " lost)",
                            r -> r.num("secondsUntilAllHaveAll")),
                    new Row("lost / out of order / subs closed", r -> num(r, "lost", 0) + " / "
                            + num(r, "outOfOrder", 0) + " / " + num(r, "subscribersClosed", 0), null),
                    new Row("publisher: all written / own copies back (s)", r -> num(r, "publisherWriteSeconds", 2)
                            + " / " + num(r, "publisherOwnCopiesBackSeconds", 2), null),
                    new Row("deliveries/s", r -> num(r, "deliveriesPerSecond", 0), r -> r.num("deliveriesPerSecond")),
                    latency, cpu, cpuSplit,
                    new Row("error replies", r -> num(r, "errorReplies", 0), null));
            case "relay" -> List.of(
                    new Row("messages/s", r -> num(r, "messagesPerSecond", 0), null),
                    new Row("latency p50 / p99 / max (ms), one way", latency.text, null),
                    cpu, cpuSplit, failures);
            case "idle" -> List.of(
                    new Row("connections opened / still open", r -> num(r, "opened", 0) + " / "
                            + num(r, "stillOpenAfterHold", 0), null),
                    new Row("server RSS per connection (KiB)", r -> num(r, "rssPerConnectionKiB", 1),
                            r -> r.num("rssPerConnectionKiB")),
                    new Row("live heap per connection (KiB)", r -> num(r, "liveHeapPerConnectionKiB", 1),
                            r -> r.num("liveHeapPerConnectionKiB")),
                    new Row("server RSS before / after (MiB)", r -> num(r, "serverRssBeforeKiB", 0, 1024) + " / "
                            + num(r, "serverRssAfterKiB", 0, 1024), null));
            default -> List.of();
        };
    }

    /** Issue 5's targets 1-4, each with the figures that decide it. */
    List<Map<String, Object>> targets() {
        List<Map<String, Object>> out = new ArrayList<>();
        Result paced = find("broadcast-paced", null, "switchboard");
        if (paced != null && paced.has("latencyP99Ms")) {
            boolean ok = paced.num("lost") == 0 && paced.num("outOfOrder") == 0 && paced.num("latencyP99Ms") <= 10;
            out.add(target("1 broadcast-paced: zero loss, in order, p99 <= 10 ms", ok,
                    String.format(Locale.ROOT, "p99 %.2f ms, lost %.0f, out of order %.0f", paced.num("latencyP99Ms"),
                            paced.num("lost"), paced.num("outOfOrder"))));
        }
        Result burst = find("broadcast-burst", null, "switchboard");
        if (burst != null && burst.has("lost")) {
            boolean ok = burst.num("lost") == 0 && burst.num("subscribersClosed") == 0
                    && Boolean.TRUE.equals(burst.metrics.get("allDelivered"));
            out.add(target("2 broadcast-burst: zero loss, no subscriber closed", ok,
                    String.format(Locale.ROOT, "lost %.0f, closed %.0f, all delivered after %s s", burst.num("lost"),
                            burst.num("subscribersClosed"), burst.metrics.get("secondsUntilAllHaveAll"))));
        }
        Result idle = find("idle", null, "switchboard");
        if (idle != null && idle.has("opened")) {
            boolean ok = idle.num("opened") >= 10000 && idle.num("stillOpenAfterHold") >= 10000
                    && idle.num("rssPerConnectionKiB") <= 32;
            out.add(target("3 idle: 10,000 open, <= 32 KiB RSS per connection", ok,
                    String.format(Locale.ROOT, "%.0f open, %.1f KiB RSS, %.1f KiB heap per connection",
                            idle.num("stillOpenAfterHold"), idle.num("rssPerConnectionKiB"),
                            idle.num("liveHeapPerConnectionKiB"))));
        }
        for (String variant : new String[] {"64 B", "4 KiB"}) {
            Result sb = find("echo", variant, "switchboard");
            Result base = find("echo", variant, "baseline");
            if (sb != null && base != null && sb.num("roundTripsPerSecond") > 0 && base.num("roundTripsPerSecond") > 0) {
                double speed = sb.num("roundTripsPerSecond") / base.num("roundTripsPerSecond");
                double cpu = sb.num("serverCpuMicrosPerMessage") / base.num("serverCpuMicrosPerMessage");
                out.add(target("4 echo " + variant + ": >= 0.95x baseline msg/s, <= 1.1x its CPU per message",
                        speed >= 0.95 && cpu <= 1.1,
                        String.format(Locale.ROOT, "%.2fx throughput, %.2fx CPU per message", speed, cpu)));
            }
        }
        Result relay = find("relay", null, "switchboard");
        Result echo = find("echo", "64 B", "switchboard");
        if (relay != null && echo != null && relay.has("messagesPerSecond") && echo.num("roundTripsPerSecond") > 0) {
            double ratio = relay.num("messagesPerSecond") / echo.num("roundTripsPerSecond");
            out.add(target("4 relay: >= 0.9x Switchboard's echo 64 B msg/s", ratio >= 0.9,
                    String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f msg/s)", ratio, relay.num("messagesPerSecond"),
                            echo.num("roundTripsPerSecond"))));
        }
        return out;
    }

    private static Map<String, Object> target(String name, boolean holds, String figures) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("target", name);
        m.put("holds", holds);
        m.put("figures", figures);
        return m;
    }

    /** How much of the machine other processes took during the measured windows (they skew every figure). */
    String noiseLine(int cpus) {
        double other = 0;
        double capacity = 0;
        for (Result r : results) {
            if (r.has("otherProcessesCpuSeconds") && r.has("windowSeconds")) {
                other += r.num("otherProcessesCpuSeconds");
                capacity += r.num("windowSeconds") * cpus;
            }
        }
        if (capacity == 0) {
            return "";
        }
        double share = other / capacity;
        return String.format(Locale.ROOT, "Other processes used %.0f%% of the machine's CPU during the measured windows%s%n",
                share * 100, share > 0.05 ? ": the figures are skewed by them; rerun on a quiet machine" : "");
    }

    String targetLines() {
        StringBuilder out = new StringBuilder("Targets of issue 5 (informational: nothing fails on a time)\n");
        for (Map<String, Object> t : targets()) {
            out.append(String.format("  %-66s %-6s %s%n", t.get("target"),
                    Boolean.TRUE.equals(t.get("holds")) ? "holds" : "MISSED", t.get("figures")));
        }
        return out.toString();
    }

    private static String safe(Function<Result, String> f, Result r) {
        try {
            return f.apply(r);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static double orNaN(Function<Result, Double> f, Result r) {
        try {
            Double d = f.apply(r);
            return d == null ? Double.NaN : d;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    static String num(Result r, String key, int places) {
        return num(r, key, places, 1);
    }

    static String num(Result r, String key, int places, double divisor) {
        double v = r.num(key);
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, places == 0 ? "%,.0f" : "%,." + places + "f", v / divisor);
    }

    void writeJson(Path file, Map<String, Object> document) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        json(out, document, "");
        out.append('\n');
        Files.writeString(file, out);
    }

    static void json(StringBuilder out, Object v, String indent) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Map<?, ?> m) {
            out.append("{");
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "\n" : ",\n").append(inner);
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                json(out, e.getValue(), inner);
            }
            out.append(first ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> l) {
            out.append("[");
            String inner = indent + "  ";
            boolean first = true;
            for (Object o : l) {
                out.append(first ? "\n" : ",\n").append(inner);
                first = false;
                json(out, o, inner);
            }
            out.append(first ? "]" : "\n" + indent + "]");
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            string(out, v.toString());
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
