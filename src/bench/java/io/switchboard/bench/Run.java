package io.switchboard.bench;

import java.util.concurrent.TimeUnit;

/** What every scenario needs: the settings, the clients, and the shared clock (each gets its {@link Target}). */
final class Run {
    private static final long T0 = System.nanoTime();

    final Settings settings;
    final Clients clients;
    final String runId = Long.toString(System.currentTimeMillis(), 36);

    Run(Settings settings, Clients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** The clock stamped into messages: nanoseconds since the generator started (always positive). */
    static long now() {
        return System.nanoTime() - T0;
    }

    static void sleepSeconds(double seconds) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
    }

    static void log(String format, Object... args) {
        System.out.printf("bench: " + format + "%n", args);
        System.out.flush();
    }
}
