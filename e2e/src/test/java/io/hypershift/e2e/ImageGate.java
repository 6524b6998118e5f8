package io.hypershift.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypershift.testing.docker.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a test that runs one of this project's images can run here: a Docker engine answers
 * ({@code hack/dockerd.sh start}), and the image tar that every {@code package} builds exists and is not older than
 * its jar (a {@code ./mvnw test} run stops before {@code package}). When not, the test is skipped and says why.
 */
final class ImageGate {
    private ImageGate() {}

    /** {@code <module>/target/<module>-image.tar} of the repository. */
    static Path tar(String module) {
        return Path.of("..", module, "target", module + "-image.tar").toAbsolutePath().normalize();
    }

    /** A Docker client and a fresh tar of {@code module}'s image, or the test is skipped, saying why. */
    static DockerCli require(String module) throws IOException {
        StringBuilder why = new StringBuilder();
        Optional<DockerCli> docker = DockerCli.connect(why);
        require(docker.isPresent(), "no Docker engine answers (start one with hack/dockerd.sh start): " + why);
        Path tar = tar(module);
        require(Files.isRegularFile(tar), tar + " is missing: the build makes it in the package phase: ./mvnw verify");
        Path jar = tar.resolveSibling(module + ".jar");
        require(!Files.exists(jar) || !Files.getLastModifiedTime(tar).toInstant()
                .isBefore(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)),
                tar + " is older than " + jar + ": rethe build makes it in the package phase: ./mvnw verify");
        return docker.get();
    }

    static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        System.out.println("[images] SKIPPED: " + reason);
        assumeTrue(false, reason);
    }
}
