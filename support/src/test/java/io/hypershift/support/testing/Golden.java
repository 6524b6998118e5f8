package io.hypershift.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden fixtures under {@code src/test/resources/fixtures/} of the module under test. {@code -Dupdate.fixtures=true}
 * rewrites them from the actual output (review the diff); otherwise the actual output must equal the file byte for
 * byte, and a missing fixture fails the test.
 */
public final class Golden {
    public static final Path ROOT = Path.of("src", "test", "resources", "fixtures");

    private Golden() {}

    public static boolean updating() {
        return Boolean.getBoolean("update.fixtures");
    }

    /** Compares {@code actual} with {@code fixtures/<relative>}, or rewrites the file when updating. */
    public static void assertMatches(String relative, String actual) {
        Path file = ROOT.resolve(relative);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden fixture %s (create it with -Dupdate.fixtures=true)", file).exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("output differs from golden fixture %s (-Dupdate.fixtures=true rewrites it)", file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
