package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The table printed at the end of a run, the performance targets checked against it (ratios to the baseline of
 * the same run), and results.json. Its two columns are the run's two targets: Switchboard and the baseline, or
 * (cluster variant) the cluster and one node alone.
 */
final class Report {
    private final List<Result> results;
    private final String first;
    private final String second;
    private final String firstLabel;
    private final String secondLabel;
    private final String ratioLabel;
    /** Whether Redis CPU was measured (the cluster variant): its rows then appear. */
    private final boolean redis;

    Report(List<Result> results, Target first, Target second) {
        this.results = results;
        this.first = first.name();
        this.second = second == null ? "baseline" : second.name();
        this.firstLabel = first.label();
        this.secondLabel = second != null ? second.label()
                : this.first.equals("switchboard") ? "baseline (bare JSR-356)" : "(not run)";
        this.ratioLabel = this.first.equals("switchboard") ? "SB/base" : "ratio";
        this.redis = results.stream().anyMatch(r -> r.has("redisCpuSeconds"));
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
        out.append("| scenario | metric | ").append(firstLabel).append(" | ").append(secondLabel).append(" | ")
                .append(ratioLabel).append(" |\n");
        out.append("|---|---|---:|---:|---:|\n");
        List<String> seen = new ArrayList<>();
        for (Result r : results) {
            String key = r.scenario + "|" + r.variant;
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            Result sb = find(r.scenario, r.variant, first);
            Result base = find(r.scenario, r.variant, second);
            String name = "`" + r.scenario + "` " + r.variant;
            for (Row row : rows(r.scenario, redis)) {
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
        out.append(String.format(fmt, "scenario / metric", firstLabel, secondLabel, ratioLabel));
        out.append("-".repeat(108)).append('\n');
        List<String> seen = new ArrayList<>();
        for (Result r : results) {
            String key = r.scenario + "|" + r.variant;
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            Result sb = find(r.scenario, r.variant, first);
            Result base = find(r.scenario, r.variant, second);
            out.append(r.scenario).append(' ').append(r.variant).append(describe(sb != null ? sb : base)).append('\n');
            for (Row row : rows(r.scenario, redis)) {
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
            case "broadcast-paced", "broadcast-paced-200", "broadcast-burst" -> " (" + m.get("subscribers")
                    + " subscribers" + (m.containsKey("offeredDeliveriesPerSecond")
                    ? String.format(Locale.ROOT, ", %,d deliveries/s offered", ((Number) m.get("offeredDeliveriesPerSecond")).longValue())
                    : "") + ")";
            case "relay" -> " (" + m.get("inFlightPerConnection") + " in flight each way, frames " + m.get("frameForm")
                    + ", " + m.get("windowSeconds") + " s)";
            default -> "";
        };
    }

    private static List<Row> rows(String scenario, boolean redis) {
        Row cpu = new Row("server CPU per message (us)", r -> num(r, "serverCpuMicrosPerMessage", 2),
                r -> r.num("serverCpuMicrosPerMessage"));
        Row cpuSplit = redis
                ? new Row("CPU s: server(s) / Redis / generator / other", r -> r.has("serverCpuSeconds")
                        ? num(r, "serverCpuSeconds", 1) + " / " + num(r, "redisCpuSeconds", 2) + " / "
                        + num(r, "generatorCpuSeconds", 1) + " / " + num(r, "otherProcessesCpuSeconds", 1) : "", null)
                : new Row("CPU s: server / generator / other", r -> r.has("serverCpuSeconds")
                        ? num(r, "serverCpuSeconds", 1) + " / " + num(r, "generatorCpuSeconds", 1) + " / "
                        + num(r, "otherProcessesCpuSeconds", 1) : "", null);
        Row redisPerPublished = new Row("Redis CPU per message / per delivery (us)", r -> r.has("redisCpuSeconds")
                ? num(r, "redisCpuMicrosPerPublished", 2) + " / " + num(r, "redisCpuMicrosPerMessage", 3) : "-", null);
        Row redisPerMessage = new Row("Redis CPU per message (us)", r -> num(r, "redisCpuMicrosPerMessage", 2), null);
        Row failures = new Row("connections closed / error replies", r -> num(r, "closedDuringRun", 0) + " / "
                + num(r, "errorReplies", 0), null);
        Row latency = new Row("latency p50 / p99 / max (ms)", r -> num(r, "latencyP50Ms", 2) + " / "
                + num(r, "latencyP99Ms", 2) + " / " + num(r, "latencyMaxMs", 1), r -> r.num("latencyP99Ms"));
        List<Row> rows = switch (scenario) {
            case "echo" -> List.of(
                    new Row("round trips/s", r -> num(r, "roundTripsPerSecond", 0), r -> r.num("roundTripsPerSecond")),
                    latency, cpu, cpuSplit, failures);
            case "broadcast-paced", "broadcast-paced-200" -> List.of(
                    new Row("deliveries/s", r -> num(r, "deliveriesPerSecond", 0), r -> r.num("deliveriesPerSecond")),
                    latency,
                    new Row("lost / out of order / closed", r -> num(r, "lost", 0) + " / " + num(r, "outOfOrder", 0)
                            + " / " + num(r, "subscribersClosed", 0), null),
                    new Row("server CPU per delivery (us)", cpu.text, cpu.ratioOf), cpuSplit,
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
                    latency, new Row("server CPU per delivery (us)", cpu.text, cpu.ratioOf), cpuSplit,
                    new Row("error replies", r -> num(r, "errorReplies", 0), null));
            case "relay" -> List.of(
                    new Row("messages/s", r -> num(r, "messagesPerSecond", 0), r -> r.num("messagesPerSecond")),
                    new Row("latency p50 / p99 / max (ms), one way", latency.text, latency.ratioOf),
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
        if (!redis) {
            return rows;
        }
        List<Row> withRedis = new ArrayList<>();
        for (Row row : rows) {
            withRedis.add(row);
            if (row.label.startsWith("server CPU per")) {
                withRedis.add(scenario.startsWith("broadcast") ? redisPerPublished : redisPerMessage);
            }
        }
        return withRedis;
    }

    /**
     * The performance targets (docs/PERFORMANCE.md), each decided by figures of this run (ratios to the baseline measured in the same run).
     * Informational: a missed target never fails the build.
     */
    List<Map<String, Object>> targets() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!first.equals("switchboard")) {
            return out; // they are ratios to the baseline, which the cluster variant does not run
        }
        Result echo = find("echo", "64 B", "switchboard");
        Result echoBase = find("echo", "64 B", "baseline");
        if (ok(echo, "roundTripsPerSecond") && ok(echoBase, "roundTripsPerSecond")) {
            double speed = echo.num("roundTripsPerSecond") / echoBase.num("roundTripsPerSecond");
            double cpu = echo.num("serverCpuMicrosPerMessage") / echoBase.num("serverCpuMicrosPerMessage");
            out.add(target("echo 64 B: >= 1.0x baseline msg/s, <= 1.0x its server CPU/msg", speed >= 1.0 && cpu <= 1.0,
                    String.format(Locale.ROOT, "%.2fx msg/s (%,.0f vs %,.0f), %.2fx CPU/msg (%.2f vs %.2f us)", speed,
                            echo.num("roundTripsPerSecond"), echoBase.num("roundTripsPerSecond"), cpu,
                            echo.num("serverCpuMicrosPerMessage"), echoBase.num("serverCpuMicrosPerMessage"))));
        }
        Result relay = find("relay", null, "switchboard");
        Result relayBase = find("relay", null, "baseline");
        if (ok(relay, "messagesPerSecond") && ok(relayBase, "messagesPerSecond")) {
            double ratio = relay.num("messagesPerSecond") / relayBase.num("messagesPerSecond");
            out.add(target("relay: >= 1.0x baseline relay msg/s", ratio >= 1.0,
                    String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f msg/s), CPU/msg %.2fx", ratio,
                            relay.num("messagesPerSecond"), relayBase.num("messagesPerSecond"),
                            relay.num("serverCpuMicrosPerMessage") / relayBase.num("serverCpuMicrosPerMessage"))));
        }
        if (ok(relay, "messagesPerSecond") && ok(echo, "roundTripsPerSecond")) {
            double ratio = relay.num("messagesPerSecond") / echo.num("roundTripsPerSecond");
            out.add(target("relay: >= 0.9x Switchboard echo 64 B msg/s", ratio >= 0.9,
                    String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f msg/s)", ratio, relay.num("messagesPerSecond"),
                            echo.num("roundTripsPerSecond"))));
        }
        Result p200 = find("broadcast-paced-200", null, "switchboard");
        Result p200Base = find("broadcast-paced-200", null, "baseline");
        if (p200 != null && p200.has("latencyP99Ms")) {
            boolean cpuMet = p200Base == null || !p200Base.has("serverCpuMicrosPerMessage")
                    || p200.num("serverCpuMicrosPerMessage") <= p200Base.num("serverCpuMicrosPerMessage");
            boolean met = p200.num("latencyP99Ms") <= 10 && p200.num("lost") == 0 && p200.num("outOfOrder") == 0
                    && cpuMet;
            String cpu = p200Base != null && p200Base.has("serverCpuMicrosPerMessage")
                    ? String.format(Locale.ROOT, ", CPU/delivery %.2fx baseline (%.2f vs %.2f us)",
                            p200.num("serverCpuMicrosPerMessage") / p200Base.num("serverCpuMicrosPerMessage"),
                            p200.num("serverCpuMicrosPerMessage"), p200Base.num("serverCpuMicrosPerMessage"))
                    : "";
            String baseP99 = p200Base != null && p200Base.has("latencyP99Ms")
                    ? String.format(Locale.ROOT, " (baseline %.2f ms)", p200Base.num("latencyP99Ms")) : "";
            out.add(target("broadcast-paced-200: p99 <= 10 ms, zero loss, in order, CPU/delivery <= 1.0x baseline", met,
                    String.format(Locale.ROOT, "p99 %.2f ms%s, lost %.0f, out of order %.0f%s", p200.num("latencyP99Ms"),
                            baseP99, p200.num("lost"), p200.num("outOfOrder"), cpu)));
        }
        Result paced = find("broadcast-paced", null, "switchboard");
        Result pacedBase = find("broadcast-paced", null, "baseline");
        if (ok(paced, "deliveriesPerSecond") && ok(pacedBase, "deliveriesPerSecond")) {
            double ratio = paced.num("deliveriesPerSecond") / pacedBase.num("deliveriesPerSecond");
            boolean met = ratio >= 1.2 && paced.num("lost") == 0 && paced.num("outOfOrder") == 0;
            out.add(target("broadcast-paced 1000 msg/s: >= 1.2x baseline deliveries/s, zero loss, in order", met,
                    String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f /s; %,.0f offered), lost %.0f, out of order %.0f",
                            ratio, paced.num("deliveriesPerSecond"), pacedBase.num("deliveriesPerSecond"),
                            paced.num("offeredDeliveriesPerSecond"), paced.num("lost"), paced.num("outOfOrder"))));
        }
        Result burst = find("broadcast-burst", null, "switchboard");
        Result burstBase = find("broadcast-burst", null, "baseline");
        if (ok(burst, "deliveriesPerSecond") && ok(burstBase, "deliveriesPerSecond")) {
            double ratio = burst.num("deliveriesPerSecond") / burstBase.num("deliveriesPerSecond");
            boolean met = ratio >= 1.5 && burst.num("lost") == 0 && burst.num("subscribersClosed") == 0
                    && Boolean.TRUE.equals(burst.metrics.get("allDelivered"));
            out.add(target("broadcast-burst: >= 1.5x baseline deliveries/s, zero loss, none closed", met,
                    String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f /s), lost %.0f, subscribers closed %.0f",
                            ratio, burst.num("deliveriesPerSecond"), burstBase.num("deliveriesPerSecond"),
                            burst.num("lost"), burst.num("subscribersClosed"))));
        }
        Result idle = find("idle", null, "switchboard");
        if (idle != null && idle.has("opened")) {
            boolean met = idle.num("stillOpenAfterHold") >= idle.num("requested")
                    && idle.num("rssPerConnectionKiB") <= 24;
            out.add(target("idle: all open, <= 24 KiB server RSS per connection", met,
                    String.format(Locale.ROOT, "%.0f of %.0f open, %.1f KiB RSS, %.1f KiB live heap per connection",
                            idle.num("stillOpenAfterHold"), idle.num("requested"), idle.num("rssPerConnectionKiB"),
                            idle.num("liveHeapPerConnectionKiB"))));
        }
        String[] all = {"echo 64 B:", "relay: >= 1.0x", "relay: >= 0.9x", "broadcast-paced-200:", "broadcast-paced 1000",
                "broadcast-burst:", "idle:"};
        String[] names = {"echo 64 B: >= 1.0x baseline msg/s, <= 1.0x its server CPU/msg",
                "relay: >= 1.0x baseline relay msg/s", "relay: >= 0.9x Switchboard echo 64 B msg/s",
                "broadcast-paced-200: p99 <= 10 ms, zero loss, in order, CPU/delivery <= 1.0x baseline",
                "broadcast-paced 1000 msg/s: >= 1.2x baseline deliveries/s, zero loss, in order",
                "broadcast-burst: >= 1.5x baseline deliveries/s, zero loss, none closed",
                "idle: all open, <= 24 KiB server RSS per connection"};
        List<Map<String, Object>> ordered = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            Map<String, Object> found = null;
            for (Map<String, Object> t : out) {
                if (String.valueOf(t.get("target")).startsWith(all[i])) {
                    found = t;
                }
            }
            ordered.add(found != null ? found : target(names[i], null, "not measured in this run (scenario or its baseline not run, or failed)"));
        }
        return ordered;
    }

    private static boolean ok(Result r, String key) {
        return r != null && r.num(key) > 0;
    }

    private static Map<String, Object> target(String name, Boolean holds, String figures) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("target", name);
        m.put("met", holds);
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
        if (targets().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Targets (docs/PERFORMANCE.md), ratios to the baseline of this run "
                + "(informational: nothing fails on a time)\n");
        for (Map<String, Object> t : targets()) {
            out.append(String.format("  %-82s %-6s %s%n", t.get("target"),
                    t.get("met") == null ? "-" : Boolean.TRUE.equals(t.get("met")) ? "met" : "missed", t.get("figures")));
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
