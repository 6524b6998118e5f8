package io.hypershift.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Measured figures for BENCHMARKS.md: each is printed as {@code [faults] what value} and appended to
 * {@code target/faults/<file>} of the module, so a run leaves them in one place.
 */
public final class Figures {
    private Figures() {}

    /** Records {@code value} (a {@link Duration} is written in milliseconds) under {@code what}. */
    public static void record(String file, String what, Object value) {
        String v = value instanceof Duration d ? d.toMillis() + " ms" : String.valueOf(value);
        String line = "[faults] " + what + " " + v;
        System.out.println(line);
        try {
            Path f = Path.of("target", "faults", file);
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
