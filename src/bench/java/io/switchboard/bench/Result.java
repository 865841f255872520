package io.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scenario run against one target: ordered metrics, written as is to results.json. */
final class Result {
    final String scenario;
    final String variant;
    final String target;
    final Map<String, Object> metrics = new LinkedHashMap<>();

    Result(String scenario, String variant, String target) {
        this.scenario = scenario;
        this.variant = variant;
        this.target = target;
    }

    Result put(String key, Object value) {
        metrics.put(key, value);
        return this;
    }

    /** Adds the CPU figures of a measured window; {@code messages} is what CPU per message divides by. */
    Result window(Window w, long messages) {
        put("windowSeconds", round(w.seconds(), 3));
        put("serverCpuSeconds", round(w.serverCpu(), 2));
        put("serverCpuMicrosPerMessage", round(w.serverMicrosPer(messages), 2));
        if (!Double.isNaN(w.redisCpu())) {
            put("redisCpuSeconds", round(w.redisCpu(), 3));
            put("redisCpuMicrosPerMessage", round(w.redisMicrosPer(messages), 3));
        }
        put("generatorCpuSeconds", round(w.clientCpu(), 2));
        put("otherProcessesCpuSeconds", round(w.otherCpu(), 2));
        return this;
    }

    Result latency(String prefix, Samples.Summary s) {
        put(prefix + "Samples", s.count());
        put(prefix + "P50Ms", round(s.p50(), 3));
        put(prefix + "P99Ms", round(s.p99(), 3));
        put(prefix + "P999Ms", round(s.p999(), 3));
        put(prefix + "MaxMs", round(s.max(), 3));
        return this;
    }

    double num(String key) {
        Object v = metrics.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    boolean has(String key) {
        return metrics.containsKey(key);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("variant", variant);
        m.put("target", target);
        m.putAll(metrics);
        return m;
    }

    static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
