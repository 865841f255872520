package io.switchboard.protocol;

import java.util.regex.Pattern;

/** The rule for room names, {@code [A-Za-z0-9_-]{1,64}}: safe in URLs, logs and keys of a shared store. */
public final class RoomName {
    /** The room of {@code /broadcast} without a name. */
    public static final String LOBBY = "lobby";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RoomName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
