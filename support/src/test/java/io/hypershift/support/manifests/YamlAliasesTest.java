package io.hypershift.support.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Anchors, aliases and merge keys, and the limits of the YAML reader (issue 16, items 8 and 9). */
@Timeout(30)
class YamlAliasesTest {
    @TempDir
    Path dir;

    private static List<ManifestDocument> read(String yaml) {
        return Manifests.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "in.yaml");
    }

    /** An ImageDigestMirrorSet whose {@code spec.imageDigestMirrors} is {@code entries} (a YAML list, 2-indented). */
    private static String idms(String entries) {
        return "apiVersion: config.openshift.io/v1\nkind: ImageDigestMirrorSet\nmetadata: {name: d}\nspec:\n"
                + "  imageDigestMirrors:\n" + entries.indent(2);
    }

    @Test
    void whenASourceIsAnAlias_itShouldReadTheAnchoredValueNotTheAliasName() {
        ImageDigestMirrorSet idms = read(idms("""
                - source: &src quay.io/openshift-release-dev/ocp-release
                  mirrors: [&m mirror.local/ocp/release]
                - source: *src
                  mirrors: [*m, other.example.com/ocp]
                """)).get(0).as(ImageDigestMirrorSet.class);
        assertThat(idms.getSpec().getImageDigestMirrors().get(1).getSource())
                .isEqualTo("quay.io/openshift-release-dev/ocp-release");
        assertThat(idms.getSpec().getImageDigestMirrors().get(1).getMirrors())
                .containsExactly("mirror.local/ocp/release", "other.example.com/ocp");
    }

    @Test
    void whenAMappingMergesAnAnchoredOne_writtenKeysShouldWinAndTheRestBeMerged() {
        ImageDigestMirrorSet idms = read(idms("""
                - &base
                  source: quay.io/a
                  mirrors: [m.local/a]
                  mirrorSourcePolicy: NeverContactSource
                - <<: *base
                  source: quay.io/b
                """)).get(0).as(ImageDigestMirrorSet.class);
        var second = idms.getSpec().getImageDigestMirrors().get(1);
        assertThat(second.getSource()).isEqualTo("quay.io/b");
        assertThat(second.getMirrors()).containsExactly("m.local/a");
        assertThat(second.getMirrorSourcePolicy()).isEqualTo("NeverContactSource");
    }

    @Test
    void whenAnAliasHasNoAnchor_itShouldFailNamingTheFileAndPlace() {
        assertThatThrownBy(() -> read(idms("""
                - source: *src
                """))).isInstanceOf(ManifestException.class)
                .hasMessage("in.yaml: document 1: unreadable YAML: found undefined alias src (line 6, column 13)");
    }

    @Test
    void whenAliasesDoubleAtEachLevel_itShouldRefuseTheDocumentBeforeExpandingIt() {
        // 24 levels of two aliases each: 48 aliases, 2^24 values once expanded
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol]\n");
        for (int i = 1; i <= 24; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append("]\n");
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> read(y.toString())).isInstanceOf(ManifestException.class)
                .hasMessage("in.yaml: document 1: aliases expand to more than 100000 values (a billion-laughs "
                        + "document?)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void whenADocumentHasMoreAliasesThanTheLimit_itShouldBeRefused() {
        StringBuilder y = new StringBuilder("a: &a [x]\nb: [");
        for (int i = 0; i <= YamlLoader.MAX_ALIASES; i++) {
            y.append(i == 0 ? "" : ", ").append("*a");
        }
        assertThatThrownBy(() -> read(y.append("]\n").toString())).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("in.yaml: document 1: unreadable YAML: ")
                .hasMessageContaining("aliases");
    }

    @Test
    void whenAFileIsOverTheLimit_itShouldBeRefusedUnreadInUnderTwoSeconds() throws Exception {
        Path big = dir.resolve("big.yaml");
        byte[] scalar = new byte[(int) Manifests.MAX_FILE_BYTES + 1_000_000];
        java.util.Arrays.fill(scalar, (byte) 'a');
        Files.write(big, scalar);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Manifests.read(big)).isInstanceOf(ManifestException.class)
                .hasMessage(big + ": more than 3 MiB; a manifest file this large is refused unread");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void whenAStreamNeverEnds_itShouldStopAtTheLimit() {
        InputStream zeros = new InputStream() {
            private long left = 64L << 20; // bounded: a test stream, not /dev/zero itself

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }
        };
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Manifests.read(zeros, "/dev/zero")).isInstanceOf(ManifestException.class)
                .hasMessageContaining("/dev/zero: more than 3 MiB");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void whenAFileIsNotUtf8_itShouldSaySoWithThePlaceAndNoJavaClassName() {
        byte[] yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Manifests.read(new ByteArrayInputStream(yaml), "latin1.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("latin1.yaml: document 1: unreadable YAML: ")
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("line 3")
                .hasMessageNotContaining("Exception");
    }
}
