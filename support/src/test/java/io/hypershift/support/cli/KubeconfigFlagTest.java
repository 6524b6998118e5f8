package io.hypershift.support.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFlagTest {
    @TempDir
    Path dir;

    private static String parse(String text) {
        if (!text.startsWith("apiVersion: v1")) {
            throw new IllegalArgumentException("expected apiVersion");
        }
        return "parsed";
    }

    @Test
    void whenNoFlagIsGiven_itShouldUseTheInClusterConfiguration() {
        assertThat(KubeconfigFlag.load(null, KubeconfigFlagTest::parse, () -> "in-cluster")).isEqualTo("in-cluster");
    }

    @Test
    void whenTheFileIsAKubeconfig_itShouldBeParsed() throws Exception {
        Path f = Files.writeString(dir.resolve("kc"), "apiVersion: v1\n");
        assertThat(KubeconfigFlag.load(f, KubeconfigFlagTest::parse, () -> "in-cluster")).isEqualTo("parsed");
    }

    @Test
    void whenTheFileIsMissing_itShouldBeBadInputNamingFlagAndFile() {
        Path f = dir.resolve("absent");
        assertThatThrownBy(() -> KubeconfigFlag.load(f, KubeconfigFlagTest::parse, () -> "in-cluster"))
                .isInstanceOf(UserInputException.class).hasMessage("--kubeconfig: " + f + ": no such file");
    }

    @Test
    void whenTheFileIsNotAKubeconfig_itShouldBeBadInputWithTheParsersReason() throws Exception {
        Path f = Files.writeString(dir.resolve("kc"), "garbage: [\n");
        assertThatThrownBy(() -> KubeconfigFlag.load(f, KubeconfigFlagTest::parse, () -> "in-cluster"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("--kubeconfig: " + f + ": not a kubeconfig: expected apiVersion");
    }
}
