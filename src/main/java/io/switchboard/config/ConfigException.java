package io.switchboard.config;

/**
 * Thrown when a configuration value is invalid; the message names the key, so a failed deployment says
 * exactly which setting to fix.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String value, String expected) {
        super("Invalid configuration " + key + "='" + value + "': expected " + expected);
    }
}
