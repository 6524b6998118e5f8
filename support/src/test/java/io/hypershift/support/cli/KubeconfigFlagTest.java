package io.hypershift.support.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    private String withoutFlag(Map<String, String> env) {
        return KubeconfigFlag.load(null, KubeconfigFlagTest::parse, () -> "auto-configured", env, dir.resolve("home"),
                dir.resolve("token"));
    }

    @Test
    void whenNoFlagIsGivenInAPod_itShouldUseTheInClusterConfiguration() throws Exception {
        Files.writeString(dir.resolve("token"), "t");
        assertThat(withoutFlag(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"))).isEqualTo("auto-configured");
    }

    @Test
    void whenNoFlagIsGivenAndTheDefaultFileExists_itShouldUseIt() throws Exception {
        Files.createDirectories(dir.resolve("home/.kube"));
        Files.writeString(dir.resolve("home/.kube/config"), "apiVersion: v1\n");
        assertThat(withoutFlag(Map.of())).isEqualTo("auto-configured");
    }

    @Test
    void whenNoFlagIsGivenAndAKubeconfigVariableFileExists_itShouldUseIt() throws Exception {
        Path f = Files.writeString(dir.resolve("kc"), "apiVersion: v1\n");
        assertThat(withoutFlag(Map.of("KUBECONFIG", dir.resolve("absent") + ":" + f))).isEqualTo("auto-configured");
    }

    @Test
    void whenNothingCanBeFound_itShouldBeOneLineNamingEveryPlaceLookedAt() {
        assertThatThrownBy(() -> withoutFlag(Map.of())).isInstanceOf(UserInputException.class)
                .hasMessage("no cluster to talk to: no --kubeconfig, $KUBECONFIG is unset, no "
                        + dir.resolve("home/.kube/config") + ", not in a pod (KUBERNETES_SERVICE_HOST is unset);"
                        + " pass --kubeconfig FILE");
    }

    @Test
    void whenKubeconfigNamesAbsentFilesInAPodWithoutAToken_itShouldNameThemAndTheToken() {
        assertThatThrownBy(() -> withoutFlag(Map.of("KUBECONFIG", "/nope/a", "KUBERNETES_SERVICE_HOST", "10.96.0.1")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no file of $KUBECONFIG (/nope/a) exists")
                .hasMessageContaining("no service-account token at " + dir.resolve("token"));
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

    private static final class Client implements AutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void whenTheServerAnswers_reachableShouldReturnTheOpenClient() {
        Client c = new Client();
        assertThat(KubeconfigFlag.reachable(c, x -> { })).isSameAs(c);
        assertThat(c.closed).isFalse();
    }

    @Test
    void whenTheServerCannotBeReached_reachableShouldCloseTheClientAndRethrow() {
        Client c = new Client();
        IllegalStateException refused = new IllegalStateException("connection refused");
        assertThatThrownBy(() -> KubeconfigFlag.reachable(c, x -> { throw refused; })).isSameAs(refused);
        assertThat(c.closed).isTrue();
    }
}
