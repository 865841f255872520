package io.switchboard.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A logger that writes at most {@link #LINES_PER_MINUTE} lines a minute per category and then says how many it
 * left out, so a flood of bad clients produces bounded log output. Never give it message text or tokens.
 */
public final class ThrottledLog {
    /** Enough to see what happens, few enough that a flood cannot fill a disk. */
    public static final int LINES_PER_MINUTE = 20;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Logger logger;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One category's current minute. */
    private static final class Window {
        long start = System.nanoTime();
        int written;
        int suppressed;
    }

    public ThrottledLog(Class<?> owner) {
        this.logger = System.getLogger(owner.getName());
    }

    public void info(String category, Supplier<String> message) {
        log(Level.INFO, category, message);
    }

    public void warning(String category, Supplier<String> message) {
        log(Level.WARNING, category, message);
    }

    private void log(Level level, String category, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Window window = windows.computeIfAbsent(category, c -> new Window());
        int suppressed;
        synchronized (window) {
            long now = System.nanoTime();
            if (now - window.start > MINUTE_NANOS) {
                suppressed = window.suppressed;
                window.start = now;
                window.written = 0;
                window.suppressed = 0;
            } else {
                suppressed = 0;
            }
            if (window.written >= LINES_PER_MINUTE) {
                window.suppressed++;
                return;
            }
            window.written++;
        }
        if (suppressed > 0) {
            logger.log(level, "(" + suppressed + " similar " + category + " messages suppressed in the last minute)");
        }
        logger.log(level, message.get());
    }
}
