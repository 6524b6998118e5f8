package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The k3s backend's default image is the tag hack/node-image.sh builds, and testcontainers' tiny image is that too. */
class NodeImageTagTest {
    @Test
    void whenTheNodeImageRecipeChangesTheDefaultK3sImageShouldFollowIt() throws Exception {
        Path script = Path.of("..", "hack", "node-image.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(List.of("bash", script.toString(), "--print-tag")).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String tag = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(p.exitValue()).as(tag).isZero();
        assertThat(KubeSettings.DEFAULT_K3S_IMAGE).isEqualTo(tag);
    }

    @Test
    void whenK3sContainerChecksMountsItShouldUseTheLocalNodeImageNotAPull() throws Exception {
        Properties props = new Properties();
        try (InputStream in = KubeSettings.class.getResourceAsStream("/testcontainers.properties")) {
            assertThat(in).as("testcontainers.properties on the class path").isNotNull();
            props.load(in);
        }
        assertThat(props.getProperty("tinyimage.container.image")).isEqualTo(KubeSettings.DEFAULT_K3S_IMAGE);
    }
}
