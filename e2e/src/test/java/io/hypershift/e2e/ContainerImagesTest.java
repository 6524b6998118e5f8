package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hypershift.testing.docker.DockerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three images that {@code ./mvnw -Pimages package} builds (Jib onto hack/base-image.sh's Java 17 runtime):
 * each loads into Docker and runs {@code --version}, as the non-root user. Where no Docker engine answers, or the
 * image tars were not built, each test is skipped and says why; with {@code -De2e.images.require=true} (CI, once it
 * started dockerd) that is a failure instead.
 */
class ContainerImagesTest {
    private static final boolean REQUIRED = Boolean.getBoolean("e2e.images.require");

    @ParameterizedTest(name = "When the {0} image is loaded, it should run --version as a non-root user")
    @ValueSource(strings = {"hypershift-operator", "control-plane-operator", "ignition-server"})
    void runsVersionInAContainer(String module) throws Exception {
        Path tar = Path.of("..", module, "target", module + "-image.tar").toAbsolutePath().normalize();
        StringBuilder why = new StringBuilder();
        Optional<DockerCli> docker = DockerCli.connect(why);
        require(docker.isPresent(), "no Docker: " + why);
        require(Files.isRegularFile(tar), tar + " is missing: build the images with ./mvnw -Pimages package");
        Path jar = tar.resolveSibling(module + ".jar");
        require(!Files.exists(jar) || !Files.getLastModifiedTime(tar).toInstant()
                .isBefore(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)),
                tar + " is older than " + jar + ": rebuild the images with ./mvnw -Pimages package");

        String image = docker.get().load(tar);
        assertThat(docker.get().inspect(image, "{{.Config.User}}")).isEqualTo("65532:65532");
        long bytes = Long.parseLong(docker.get().inspect(image, "{{.Size}}"));

        DockerCli.Result version = docker.get().run(Duration.ofMinutes(1), "run", "--rm", image, "--version");
        assertThat(version.exitCode()).as("exit code; stderr: " + version.stderr()).isZero();
        assertThat(version.stdout().strip()).startsWith(module + " ");

        System.out.printf("[images] %s: %s, %.1f MB, --version in a container in %.2f s: %s%n", module, image,
                bytes / 1e6, version.took().toMillis() / 1000.0, version.stdout().strip());
    }

    private static void require(boolean condition, String reason) {
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
