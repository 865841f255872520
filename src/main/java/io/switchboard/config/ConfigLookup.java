package io.switchboard.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * Finds the raw value of a configuration key in the documented order: system property, environment variable
 * (upper case, dots to underscores), web.xml context parameter. One place, so every server resolves keys alike.
 */
public final class ConfigLookup {
    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;
    private final Function<String, String> contextParameters;

    public ConfigLookup(Function<String, String> systemProperties, Function<String, String> environment,
            Function<String, String> contextParameters) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.contextParameters = contextParameters;
    }

    /** The lookup a deployed application uses: JVM system properties, the process environment, then {@code contextParameters}. */
    public static ConfigLookup of(Function<String, String> contextParameters) {
        return new ConfigLookup(System::getProperty, System::getenv, contextParameters);
    }


    /** The environment variable name for a key: {@code switchboard.heartbeat.interval} becomes {@code SWITCHBOARD_HEARTBEAT_INTERVAL}. */
    public static String environmentName(String key) {
        return key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The first value found for {@code key}, or {@code null}. Blank values count as absent. */
    public String find(String key) {
        String value = nonBlank(systemProperties.apply(key));
        if (value == null) {
            value = nonBlank(environment.apply(environmentName(key)));
        }
        if (value == null) {
            value = nonBlank(contextParameters.apply(key));
        }
        return value;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
