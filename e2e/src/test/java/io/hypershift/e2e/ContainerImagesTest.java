package io.hypershift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.testing.docker.DockerCli;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three images that every {@code package} builds (Jib onto hack/base-image.sh's Java 17 runtime): each loads
 * into Docker and runs {@code --version}, as the non-root user. Where no Docker engine answers, each test is skipped
 * and says why ({@link ImageGate}).
 */
class ContainerImagesTest {
    @ParameterizedTest(name = "When the {0} image is loaded, it should run --version as a non-root user")
    @ValueSource(strings = {"hypershift-operator", "control-plane-operator", "ignition-server"})
    void runsVersionInAContainer(String module) throws Exception {
        DockerCli docker = ImageGate.require(module);

        String image = docker.load(ImageGate.tar(module));
        assertThat(docker.inspect(image, "{{.Config.User}}")).isEqualTo("65532:65532");
        long bytes = Long.parseLong(docker.inspect(image, "{{.Size}}"));

        DockerCli.Result version = docker.run(Duration.ofMinutes(1), "run", "--rm", image, "--version");
        assertThat(version.exitCode()).as("exit code; stderr: " + version.stderr()).isZero();
        assertThat(version.stdout().strip()).startsWith(module + " ");

        System.out.printf("[images] %s: %s, %.1f MB, --version in a container in %.2f s: %s%n", module, image,
                bytes / 1e6, version.took().toMillis() / 1000.0, version.stdout().strip());
    }
}
