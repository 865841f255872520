package io.switchboard.hub;

/** The three services a client can connect to; {@code /status} counts sessions per kind under these names. */
public enum EndpointKind {
    ECHO("echo"),
    RELAY("relay"),
    BROADCAST("broadcast");

    private final String label;

    EndpointKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
