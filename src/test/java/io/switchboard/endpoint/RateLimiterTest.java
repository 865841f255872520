package io.switchboard.endpoint;

import static io.switchboard.endpoint.RateLimiter.Verdict.ACCEPT;
import static io.switchboard.endpoint.RateLimiter.Verdict.CLOSE;
import static io.switchboard.endpoint.RateLimiter.Verdict.DROP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void burstThenSustainedRate() {
        RateLimiter limiter = new RateLimiter(50, 100, 0);
        for (int i = 0; i < 100; i++) {
            assertEquals(ACCEPT, limiter.onMessage(0));
        }
        assertEquals(DROP, limiter.onMessage(0));
        assertEquals(ACCEPT, limiter.onMessage(20 * MS), "one token per 20 ms at 50/s");
        assertEquals(DROP, limiter.onMessage(20 * MS));
    }

    @Test
    void aClientAtTheLimitIsNeverClosed() {
        RateLimiter limiter = new RateLimiter(50, 100, 0);
        for (long t = 0; t < 60_000 * MS; t += 20 * MS) {
            assertEquals(ACCEPT, limiter.onMessage(t));
        }
    }

    @Test
    void tenTimesTheLimitForFiveSecondsCloses() {
        RateLimiter limiter = new RateLimiter(50, 100, 0);
        long t = 0;
        RateLimiter.Verdict last = ACCEPT;
        int messages = 0;
        while (last != CLOSE && t < 10_000 * MS) {
            last = limiter.onMessage(t);
            t += 2 * MS; // 500 a second
            messages++;
        }
        assertEquals(CLOSE, last);
        assertEquals(2500, messages, "closed after five seconds at ten times the limit");
    }

    @Test
    void fiveTimesTheLimitIsDroppedButNotClosed() {
        RateLimiter limiter = new RateLimiter(50, 100, 0);
        for (long t = 0; t < 30_000 * MS; t += 4 * MS) {
            assertEquals(true, limiter.onMessage(t) != CLOSE);
        }
    }
}
