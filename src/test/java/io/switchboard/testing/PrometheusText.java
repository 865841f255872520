package io.switchboard.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape parsed as Prometheus text exposition 0.0.4, strictly enough to catch a malformed line: every sample is
 * {@code name[{label="value",...}] number}, every family has one {@code # TYPE} before its samples. Samples are
 * kept by their series text ({@code name{label="value"}}, labels as written).
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)( -?\\d+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped|info|stateset|gaugehistogram|unknown)");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    public PrometheusText(String text) {
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (!type.matches() || !typed.add(type.group(1))) {
                    throw new AssertionError("bad or repeated TYPE line: " + line);
                }
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            String name = sample.group(1);
            if (typed.stream().noneMatch(family -> name.equals(family) || name.startsWith(family + "_"))) {
                throw new AssertionError("sample before its TYPE: " + line);
            }
            String value = sample.group(3);
            double number = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            };
            String series = name + (sample.group(2) == null ? "" : sample.group(2));
            if (samples.put(series, number) != null) {
                throw new AssertionError("repeated series: " + series);
            }
        }
    }

    /** The value of one series, e.g. {@code switchboard_sessions{endpoint="echo"}}; fails when absent. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in " + samples.keySet());
        }
        return value;
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    /** The TYPE of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
