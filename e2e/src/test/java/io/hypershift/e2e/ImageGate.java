package io.hypershift.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypershift.testing.docker.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a test that runs one of this project's images can run here: a Docker engine answers, and the image tar
 * that {@code ./mvnw -Pimages package} builds exists and is not older than its jar. When not, the test is skipped and
 * says why; with {@code -De2e.images.require=true} (CI, once it started dockerd) that is a failure instead.
 */
final class ImageGate {
    static final boolean REQUIRED = Boolean.getBoolean("e2e.images.require");

    private ImageGate() {}

    /** {@code <module>/target/<module>-image.tar} of the repository. */
    static Path tar(String module) {
        return Path.of("..", module, "target", module + "-image.tar").toAbsolutePath().normalize();
    }

    /** A Docker client and a fresh tar of {@code module}'s image, or the test is skipped (failed when required). */
    static DockerCli require(String module) throws IOException {
        StringBuilder why = new StringBuilder();
        Optional<DockerCli> docker = DockerCli.connect(why);
        require(docker.isPresent(), "no Docker: " + why);
        Path tar = tar(module);
        require(Files.isRegularFile(tar), tar + " is missing: build the images with ./mvnw -Pimages package");
        Path jar = tar.resolveSibling(module + ".jar");
        require(!Files.exists(jar) || !Files.getLastModifiedTime(tar).toInstant()
                .isBefore(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)),
                tar + " is older than " + jar + ": rebuild the images with ./mvnw -Pimages package");
        return docker.get();
    }

    static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (REQUIRED) {
            fail("-De2e.images.require=true but " + reason);
        }
        System.out.println("[images] SKIPPED: " + reason);
        assumeTrue(false, reason);
    }
}
