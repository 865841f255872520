package io.switchboard.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The readiness checks of one running Switchboard, by name, in the order added: each is a {@link BooleanSupplier}
 * the composition root provides (started and not stopping; in cluster mode, the broker's store reachable). The
 * node is ready when every check is up. {@code GET /health/ready} reports them, and the metrics export them as
 * {@code switchboard_health_check_up{check=...}}. Checks are asked on every probe and scrape: they must be cheap
 * and must not block (report a state kept up to date elsewhere).
 */
public final class HealthChecks {
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    /** Adds (or replaces) the check {@code name}: a short, fixed identifier such as {@code broker}. */
    public synchronized HealthChecks add(String name, BooleanSupplier up) {
        checks.put(name, up);
        return this;
    }

    /** Each check's state now, in the order added; a check that throws counts as down. */
    public synchronized Map<String, Boolean> states() {
        Map<String, Boolean> states = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            boolean up;
            try {
                up = check.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            states.put(name, up);
        });
        return states;
    }

    /** Whether every check is up. */
    public static boolean allUp(Map<String, Boolean> states) {
        return !states.containsValue(Boolean.FALSE);
    }
}
