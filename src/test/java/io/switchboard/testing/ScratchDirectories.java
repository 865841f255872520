package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Directories a test part creates under {@code target/} for its own run (a Tomcat's work directory, a browser
 * profile, a Redis append-only file) and removes when it stops, so repeated runs do not pile them up.
 */
public final class ScratchDirectories {
    private ScratchDirectories() {
    }

    /** A new, empty directory under {@code target/} whose name starts with {@code prefix}. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code directory} and everything in it; best effort (whatever stays is under {@code target/}). */
    public static void delete(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
