package io.hypershift.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/fixtures/}: {@code -Dupdate.fixtures=true} rewrites them from the
 * current output (review the diff); otherwise the output must equal them byte for byte.
 */
public final class Fixtures {
    private static final Path DIR = Path.of("src", "test", "resources", "fixtures");

    private Fixtures() {}

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("update.fixtures")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            assertThat(file).as("fixture %s (regenerate with -Dupdate.fixtures=true)", file).exists();
            assertThat(actual).as("fixture %s (regenerate with -Dupdate.fixtures=true and review the diff)", file)
                    .isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
