package io.switchboard.endpoint;

/**
 * One session's message rate: a token bucket ({@code perSecond} sustained, {@code burst} at once) decides
 * whether a message is accepted; a client still sending at ten times its rate over a whole
 * {@link #FLOOD_WINDOW_NANOS} window is a flood and is closed. Used only by the session's reading thread.
 */
final class RateLimiter {
    /** What to do with one incoming message. */
    enum Verdict { ACCEPT, DROP, CLOSE }

    /** Five seconds, over which a flood must persist before the client is closed. */
    static final long FLOOD_WINDOW_NANOS = 5_000_000_000L;
    /** A flood is sending at ten times the allowed rate. */
    static final int FLOOD_FACTOR = 10;

    private final double perNano;
    private final double burst;
    private final long floodThreshold;
    private double tokens;
    private long last;
    private long windowStart;
    private long windowArrivals;

    RateLimiter(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
        this.windowStart = nowNanos;
        this.floodThreshold = (long) FLOOD_FACTOR * perSecond * (FLOOD_WINDOW_NANOS / 1_000_000_000L);
    }

    Verdict onMessage(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (nowNanos - windowStart >= FLOOD_WINDOW_NANOS) {
            windowStart = nowNanos;
            windowArrivals = 0;
        }
        windowArrivals++;
        if (windowArrivals >= floodThreshold) {
            return Verdict.CLOSE;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ACCEPT;
        }
        return Verdict.DROP;
    }
}
