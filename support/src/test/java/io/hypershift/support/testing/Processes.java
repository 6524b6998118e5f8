package io.hypershift.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command with a time bound, for test setup (scripts, skopeo). */
public final class Processes {
    private Processes() {}

    /** The command's stdout; fails with its stderr on a non-zero exit or after {@code timeout}. */
    public static String run(List<String> command, Duration timeout) {
        try {
            Path err = Files.createTempFile("cmd", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + ": timed out after " + timeout);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                            + Files.readString(err).strip());
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
