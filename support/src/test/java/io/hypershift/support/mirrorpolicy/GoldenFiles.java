package io.hypershift.support.mirrorpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden output files: compared byte for byte, rewritten instead when the tests run with
 * {@code -Dupdate.fixtures=true} (review the diff, then commit).
 */
public final class GoldenFiles {
    /** The mirror-policy fixtures, from the support module's directory. */
    public static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "mirrorpolicy");

    private GoldenFiles() {}

    public static boolean updating() {
        return Boolean.getBoolean("update.fixtures");
    }

    public static void assertMatches(Path golden, String actual) {
        try {
            if (updating()) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual);
                return;
            }
            assertThat(golden).as("golden file %s is missing; create it with -Dupdate.fixtures=true", golden).exists();
            assertThat(actual).as("output differs from %s; if the change is intended, regenerate with "
                    + "-Dupdate.fixtures=true and review the diff", golden).isEqualTo(Files.readString(golden));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
