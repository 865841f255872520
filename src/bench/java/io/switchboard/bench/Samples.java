package io.switchboard.bench;

import java.util.Arrays;
import java.util.Collection;

/** Latencies in microseconds, recorded by one connection's callbacks; merged and ranked after a run. */
final class Samples {
    private int[] values = new int[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000));
    }

    synchronized void clear() {
        size = 0;
    }

    synchronized int size() {
        return size;
    }

    private synchronized int copyTo(int[] target, int at) {
        int n = Math.min(size, target.length - at);
        System.arraycopy(values, 0, target, at, n);
        return at + n;
    }

    /** Percentiles of every sample of the given connections, in milliseconds. */
    static Summary summarize(Collection<Conn> conns) {
        int total = 0;
        for (Conn c : conns) {
            total += c.samples.size();
        }
        int[] all = new int[total];
        int at = 0;
        for (Conn c : conns) {
            at = c.samples.copyTo(all, at);
        }
        total = at;
        all = Arrays.copyOf(all, total);
        Arrays.sort(all);
        return new Summary(total, pick(all, 0.50), pick(all, 0.99), pick(all, 0.999),
                total == 0 ? Double.NaN : all[total - 1] / 1000.0);
    }

    private static double pick(int[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    record Summary(long count, double p50, double p99, double p999, double max) {
    }
}
