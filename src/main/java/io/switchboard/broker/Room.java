package io.switchboard.broker;

/**
 * A room as its broker knows it, handed to a member when it joins so that publishing needs no lookup by name.
 * Opaque to endpoints: only the broker that made it reads it.
 */
public interface Room {
    String name();
}
